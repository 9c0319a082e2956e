import { beforeAll, describe, expect, it } from "vitest";
import { encodePageToken } from "@/lib/domain/mlflow/page-token";
import { ZMlflowError } from "@/lib/schemas/mlflow";
import { callMlflow, createCast } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import * as route from "./[...path]/route";

/**
 * Keyset pages of every MLflow search (issue 18): registered-models/search, filtered model-versions/search,
 * experiments/search and runs/search. Following next_page_token returns every row exactly once and in the order of
 * one unpaged answer, with many ties on the sort column (equal timestamps, equal metric values, missing metrics and
 * params, which sort last), with rows inserted between pages; MLflow offset tokens, tokens of another ordering and
 * forged tokens answer 400 INVALID_PARAMETER_VALUE, never 500.
 */
const db = useTestDatabase();
const BASE = Date.UTC(2026, 4, 1, 8, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

let cast: Awaited<ReturnType<typeof createCast>>;
let experimentId: number;
type TBody = Record<string, unknown> & { next_page_token?: string };

const call = (method: "GET" | "POST", path: string, params: Record<string, unknown>) =>
  method === "GET"
    ? callMlflow(route.GET, "GET", path, { token: cast.ds.token, query: params as Record<string, string | string[]> })
    : callMlflow(route.POST, "POST", path, { token: cast.ds.token, body: params });

async function insertModel(i: number, name: string, updatedAt: number) {
  const id = `sp-m-${i}`;
  await db.connection.runner.query(
    `INSERT INTO models (id, slug, "mlflowName", title, "problemType", criticality, "teamId", "dsOwnerId", "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $3, 'CLASSIFICATION', 'INTERNAL', $4, $5, $6::timestamptz, $6::timestamptz)`,
    [id, `sp-slug-${i}`, name, cast.team.id, cast.ds.user.id, iso(updatedAt)],
  );
  await db.connection.runner.query(`INSERT INTO mlflow_model_tags ("modelId", key, value) VALUES ($1, 'group', $2)`, [
    id,
    i % 2 ? "odd" : "even",
  ]);
  for (let n = 1; n <= 3; n++) {
    await db.connection.runner.query(
      `INSERT INTO model_versions (id, "modelId", number, stage, "artifactUri", "createdById", "stageChangedAt", "createdAt", "updatedAt")
       VALUES ($1, $2, $3, 'DESIGN', 's3://pages/m', $4, $5::timestamptz, $5::timestamptz, $5::timestamptz)`,
      [`${id}-v${n}`, id, n, cast.ds.user.id, iso(BASE + ((i + n) % 3) * 1000)],
    );
  }
}

async function insertExperiment(i: number, createdAt: number) {
  const [row] = await db.connection.runner.query<{ id: number }>(
    `INSERT INTO mlflow_experiments (name, "createdById", "teamId", "createdAt", "updatedAt") VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz) RETURNING id`,
    [`sp-exp-${String(i).padStart(3, "0")}`, cast.ds.user.id, cast.team.id, iso(createdAt)],
  );
  return Number(row!.id);
}

async function insertRun(i: number, startTime: number, o: { auc?: number; param?: string; endTime?: number | null }) {
  const id = `sprun${String(i).padStart(4, "0")}`;
  await db.connection.runner.query(
    `INSERT INTO mlflow_runs (id, "experimentId", name, status, "startTime", "endTime", "artifactUri", "createdById", "teamId") VALUES ($1, $2, $3, 'FINISHED', $4, $5, 's3://runs', $6, $7)`,
    [id, experimentId, `run ${i % 4}`, startTime, o.endTime ?? null, cast.ds.user.id, cast.team.id],
  );
  if (o.auc !== undefined) {
    // Two steps: the latest (highest step) is the value runs are ordered by.
    await db.connection.runner.query(
      `INSERT INTO mlflow_run_metrics ("runId", key, value, timestamp, step) VALUES ($1, 'auc', 0.01, 1, 0), ($1, 'auc', $2, 2, 1)`,
      [id, o.auc],
    );
  }
  if (o.param !== undefined)
    await db.connection.runner.query(`INSERT INTO mlflow_run_params ("runId", key, value) VALUES ($1, 'depth', $2)`, [
      id,
      o.param,
    ]);
  return id;
}

beforeAll(async () => {
  cast = await createCast(db.prisma);
  // 23 models whose last updates collide in threes, names in mixed case (byte order).
  for (let i = 0; i < 23; i++)
    await insertModel(
      i,
      i % 3 ? `sp-model-${String(i).padStart(2, "0")}` : `SP-Model-${i}`,
      BASE + Math.floor(i / 3) * 60_000,
    );
  // 17 experiments created in pairs at the same instant.
  for (let i = 0; i < 17; i++) await insertExperiment(i, BASE + Math.floor(i / 2) * 1000);
  experimentId = await insertExperiment(999, BASE);
  // 29 runs: start times collide in fives; every third has no metric, every fourth no param, some still running.
  for (let i = 0; i < 29; i++) {
    await insertRun(i, BASE + Math.floor(i / 5) * 1000, {
      auc: i % 3 === 0 ? undefined : [0.7, 0.8, 0.8, Number.NaN][i % 4],
      param: i % 4 === 0 ? undefined : String(i % 3),
      endTime: i % 6 === 0 ? null : BASE + i,
    });
  }
});

type TCase = {
  name: string;
  method: "GET" | "POST";
  path: string;
  list: string;
  key: (row: Record<string, unknown>) => string;
  params: Record<string, unknown>;
};

const modelKey = (m: Record<string, unknown>) => String(m.name);
const versionKey = (v: Record<string, unknown>) => `${String(v.name)}#${String(v.version)}`;
const experimentKey = (e: Record<string, unknown>) => String(e.experiment_id);
const runKey = (r: Record<string, unknown>) => String((r.info as { run_id: string }).run_id);

const CASES: TCase[] = [
  {
    name: "models by name",
    method: "GET",
    path: "registered-models/search",
    list: "registered_models",
    key: modelKey,
    params: { filter: "name LIKE '%-%'" },
  },
  {
    name: "models by name DESC",
    method: "GET",
    path: "registered-models/search",
    list: "registered_models",
    key: modelKey,
    params: { order_by: ["name DESC"] },
  },
  {
    name: "models by timestamp DESC (ties)",
    method: "GET",
    path: "registered-models/search",
    list: "registered_models",
    key: modelKey,
    params: { order_by: ["timestamp DESC"] },
  },
  {
    name: "models by tag, last update ASC",
    method: "GET",
    path: "registered-models/search",
    list: "registered_models",
    key: modelKey,
    params: { filter: "tags.group = 'odd'", order_by: ["last_updated_timestamp ASC"] },
  },
  {
    name: "versions filtered by name",
    method: "GET",
    path: "model-versions/search",
    list: "model_versions",
    key: versionKey,
    params: { filter: "name LIKE 'sp-%'" },
  },
  {
    name: "versions filtered, by creation ASC",
    method: "GET",
    path: "model-versions/search",
    list: "model_versions",
    key: versionKey,
    params: { filter: "version_number >= 2", order_by: ["creation_timestamp ASC"] },
  },
  {
    name: "experiments (default: creation DESC, ties)",
    method: "POST",
    path: "experiments/search",
    list: "experiments",
    key: experimentKey,
    params: {},
  },
  {
    name: "experiments by name",
    method: "GET",
    path: "experiments/search",
    list: "experiments",
    key: experimentKey,
    params: { order_by: ["name ASC"] },
  },
  {
    name: "experiments by last update ASC",
    method: "POST",
    path: "experiments/search",
    list: "experiments",
    key: experimentKey,
    params: { order_by: ["last_update_time ASC"], filter: "name LIKE 'sp-exp-0%'" },
  },
  {
    name: "runs (default: start DESC, ties)",
    method: "POST",
    path: "runs/search",
    list: "runs",
    key: runKey,
    params: {},
  },
  {
    name: "runs by metric DESC (ties, NaN, missing last)",
    method: "POST",
    path: "runs/search",
    list: "runs",
    key: runKey,
    params: { order_by: ["metrics.auc DESC"] },
  },
  {
    name: "runs by metric ASC",
    method: "POST",
    path: "runs/search",
    list: "runs",
    key: runKey,
    params: { order_by: ["metrics.auc ASC", "attributes.run_name DESC"] },
  },
  {
    name: "runs by param (missing last)",
    method: "POST",
    path: "runs/search",
    list: "runs",
    key: runKey,
    params: { order_by: ["params.depth ASC"] },
  },
  {
    name: "runs by end time (nulls last)",
    method: "POST",
    path: "runs/search",
    list: "runs",
    key: runKey,
    params: { order_by: ["end_time DESC"] },
  },
];

/** The `experiment_ids` runs/search needs; other searches take none. */
const scoped = (c: TCase, params: Record<string, unknown>) =>
  c.path === "runs/search" ? { experiment_ids: [String(experimentId)], ...params } : params;

async function pageThrough(c: TCase, size: number, between?: () => Promise<void>): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const params = scoped(c, {
      ...c.params,
      max_results: c.method === "GET" ? String(size) : size,
      ...(token ? { page_token: token } : {}),
    });
    const r = await call(c.method, c.path, params);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const body = r.json as TBody;
    keys.push(...((body[c.list] as Record<string, unknown>[] | undefined) ?? []).map(c.key));
    token = body.next_page_token;
    if (token) expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    if (token) await between?.();
    expect(++pages).toBeLessThan(200);
  } while (token);
  return keys;
}

async function whole(c: TCase): Promise<string[]> {
  const r = await call(c.method, c.path, scoped(c, c.params));
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  const body = r.json as TBody;
  expect(body.next_page_token).toBeUndefined();
  return ((body[c.list] as Record<string, unknown>[] | undefined) ?? []).map(c.key);
}

describe("MLflow searches: keyset pages (issue 18)", () => {
  it.each(CASES)("$name: every row once, in the unpaged order", async (c) => {
    const expected = await whole(c);
    expect(expected.length).toBeGreaterThan(8);
    expect(new Set(expected).size).toBe(expected.length);
    for (const size of [1, 2, 5]) expect(await pageThrough(c, size)).toEqual(expected);
  });

  it("runs ordered by a metric: ties broken by start time and id, NaN above every number, runs without it last", async () => {
    const c = CASES.find((x) => x.name.startsWith("runs by metric DESC"))!;
    const keys = await whole(c);
    const auc = new Map(
      (
        await db.connection.runner.query<{ id: string; v: number }>(
          `SELECT "runId" AS id, value AS v FROM mlflow_run_metrics WHERE step = 1`,
        )
      ).map((r) => [r.id, r.v]),
    );
    const values = keys.map((k) => auc.get(k));
    const firstMissing = values.findIndex((v) => v === undefined);
    expect(firstMissing).toBeGreaterThan(0);
    expect(values.slice(firstMissing).every((v) => v === undefined)).toBe(true);
    expect(Number.isNaN(values[0])).toBe(true);
  });

  it("neither repeats nor hides a row when rows are inserted between pages", async () => {
    let n = 0;
    const addModel = async () => {
      n++;
      // One before the cursor (a name sorting first), one after it (sorting last).
      await insertModel(100 + n, `0-early-${n}`, BASE);
      await insertModel(200 + n, `zz-late-${n}`, BASE);
    };
    const byName = CASES.find((x) => x.name === "models by name")!;
    const before = new Set(await whole(byName));
    const keys = await pageThrough(byName, 4, addModel);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of before) expect(keys).toContain(k);
    expect(keys.some((k) => k.startsWith("zz-late-"))).toBe(true);
    expect(keys.some((k) => k.startsWith("0-early-"))).toBe(false);
    expect(keys).toEqual((await whole(byName)).filter((k) => keys.includes(k)));

    let r = 0;
    const addRun = async () => {
      r++;
      await insertRun(500 + r, BASE - r, { auc: 0.5 });
      await insertRun(600 + r, BASE + 10_000_000 + r, { auc: 0.5 });
    };
    const runs = CASES.find((x) => x.name.startsWith("runs (default"))!;
    const runsBefore = new Set(await whole(runs));
    const runKeys = await pageThrough(runs, 4, addRun);
    expect(new Set(runKeys).size).toBe(runKeys.length);
    for (const k of runsBefore) expect(runKeys).toContain(k);
    expect(runKeys.some((k) => k.startsWith("sprun05"))).toBe(true);
  });

  it("refuses offset, foreign and forged tokens with INVALID_PARAMETER_VALUE on every search", async () => {
    const forge = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
    for (const c of [CASES[0]!, CASES[4]!, CASES[6]!, CASES[9]!, CASES[10]!]) {
      const first = (
        await call(c.method, c.path, scoped(c, { ...c.params, max_results: c.method === "GET" ? "2" : 2 }))
      ).json as TBody;
      expect(first.next_page_token, c.name).toBeDefined();
      const signature = (JSON.parse(Buffer.from(first.next_page_token!, "base64url").toString()) as { order: string })
        .order;
      const bad: [string, RegExp][] = [
        [encodePageToken(2), /^Invalid page token: offset page tokens are not accepted/],
        ["%%%", /^Invalid page token, could not decode/],
        [forge({ v: 9, order: signature, after: [] }), /^Invalid page token: unknown token version 9/],
        [forge({ v: 1, order: "another_key ASC", after: ["x"] }), /^Invalid page token: it was issued for order_by/],
        [
          forge({ v: 1, order: signature, after: [{ a: 1 }, [], null, "x", 1e308] }),
          /^Invalid page token: its sort key/,
        ],
        [forge({ v: 1, order: signature, after: null }), /^Invalid page token: its sort key/],
        [forge([1, 2]), /^Invalid page token/],
        [forge("text"), /^Invalid page token/],
      ];
      for (const [token, message] of bad) {
        const r = await call(c.method, c.path, scoped(c, { ...c.params, page_token: token }));
        expect(r.status, `${c.name}: ${JSON.stringify(r.json)}`).toBe(400);
        const e = ZMlflowError.parse(r.json);
        expect(e.error_code).toBe("INVALID_PARAMETER_VALUE");
        expect(e.message, c.name).toMatch(message);
      }
    }
  });
});
