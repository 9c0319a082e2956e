import { beforeAll, describe, expect, it } from "vitest";
import { encodePageToken } from "@/lib/domain/mlflow/page-token";
import { ZMlflowError, ZMlflowSearchModelVersionsResponse } from "@/lib/schemas/mlflow";
import { callMlflow, createCast, createTestToken, createTestUser } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import * as route from "./[...path]/route";

/**
 * Keyset pages of model-versions/search without a filter (issue 13): following next_page_token through every
 * ordering MLflow offers returns each live version exactly once and in the order one unpaged answer has, which is
 * also the order computed here from the rows themselves (MLflow's semantics); rows inserted between pages never
 * repeat or hide others; offset tokens and tokens of another ordering are refused.
 */
const db = useTestDatabase();
type TVersion = { name: string; version: string; creation_timestamp: number; last_updated_timestamp: number };

const BASE = Date.UTC(2026, 2, 1, 12, 0, 0);
// Byte order (COLLATE "C") differs from alphabetical order here: capitals first, "é" after every ASCII letter.
const NAMES = ["alpha", "Beta", "beta", "gamma-1", "gamma-10", "gamma-2", "délta", "Zeta", "zeta", "omega", "a", "b b"];

let cast: Awaited<ReturnType<typeof createCast>>;
const search = (query: Record<string, string | string[]>, token = cast.ds.token) =>
  callMlflow(route.GET, "GET", "model-versions/search", { token, query });

async function insertVersion(modelId: string, number: number, createdAt: number, updatedAt: number, deleted = false) {
  await db.connection.runner.query(
    `INSERT INTO model_versions (id, "modelId", number, stage, "artifactUri", "createdById", "stageChangedAt", "createdAt", "updatedAt", "mlflowDeletedAt")
     VALUES ($1, $2, $3, 'DESIGN', 's3://pages/model', $4, $5::timestamptz, $5::timestamptz, $6::timestamptz, $7::timestamptz)`,
    [
      `pv-${modelId}-${number}`,
      modelId,
      number,
      cast.ds.user.id,
      new Date(createdAt).toISOString(),
      new Date(updatedAt).toISOString(),
      deleted ? new Date(updatedAt).toISOString() : null,
    ],
  );
}

async function insertModel(name: string, archived = false) {
  const id = `pm-${Buffer.from(name).toString("hex")}`;
  await db.connection.runner.query(
    `INSERT INTO models (id, slug, "mlflowName", title, "problemType", criticality, "teamId", "dsOwnerId", "updatedAt", "archivedAt")
     VALUES ($1, $2, $3, $3, 'CLASSIFICATION', 'INTERNAL', $4, $5, now(), $6::timestamptz)`,
    [
      id,
      `pages-${Buffer.from(name).toString("hex")}`,
      name,
      cast.team.id,
      cast.ds.user.id,
      archived ? new Date(BASE).toISOString() : null,
    ],
  );
  return id;
}

beforeAll(async () => {
  cast = await createCast(db.prisma);
  for (const [i, name] of NAMES.entries()) {
    const id = await insertModel(name);
    // 1–5 versions; timestamps collide across models (ties exercise the name / version tie-breakers).
    for (let n = 1; n <= (i % 5) + 1; n++)
      await insertVersion(id, n, BASE + ((i + n) % 4) * 60_000, BASE + ((i * 3 + n) % 5) * 60_000, i === 3 && n === 2);
  }
  const archived = await insertModel("archived-model", true);
  await insertVersion(archived, 1, BASE, BASE);
});

/** The live versions, straight from the tables, in MLflow's ordering `terms` (name compared byte-wise). */
async function expectedOrder(terms: [keyof TVersion, "ASC" | "DESC"][]): Promise<string[]> {
  const rows = await db.connection.runner.query<{ name: string; number: number; c: string; u: string }>(
    `SELECT COALESCE(m."mlflowName", m.slug) AS name, v.number, (extract(epoch FROM v."createdAt") * 1000)::bigint::text AS c, (extract(epoch FROM v."updatedAt") * 1000)::bigint::text AS u
     FROM model_versions v JOIN models m ON m.id = v."modelId" WHERE m."archivedAt" IS NULL AND v."mlflowDeletedAt" IS NULL`,
  );
  const value = (r: (typeof rows)[number], key: keyof TVersion) =>
    key === "name" ? r.name : key === "version" ? Number(r.number) : Number(key === "creation_timestamp" ? r.c : r.u);
  const full = [...terms];
  if (!full.some(([k]) => k === "name")) full.push(["name", "ASC"]);
  if (!full.some(([k]) => k === "version")) full.push(["version", "DESC"]);
  const sorted = [...rows].sort((a, b) => {
    for (const [key, dir] of full) {
      const [x, y] = [value(a, key), value(b, key)];
      const c = typeof x === "string" ? Buffer.compare(Buffer.from(x), Buffer.from(y as string)) : x - (y as number);
      if (c !== 0) return dir === "ASC" ? c : -c;
    }
    return 0;
  });
  return sorted.map((r) => `${r.name}#${r.number}`);
}

const key = (v: TVersion) => `${v.name}#${v.version}`;

/** Follows next_page_token to the end; every answer must parse with the strict response schema. */
async function pageThrough(
  query: Record<string, string | string[]>,
  between?: (page: number) => Promise<void>,
): Promise<{ keys: string[]; pages: number }> {
  const keys: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const r = await search({ ...query, ...(token ? { page_token: token } : {}) });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const body = ZMlflowSearchModelVersionsResponse.parse(r.json);
    keys.push(...(body.model_versions ?? []).map(key));
    token = body.next_page_token;
    pages++;
    if (token) await between?.(pages);
    expect(pages).toBeLessThan(100);
  } while (token);
  return { keys, pages };
}

const ORDERINGS: { order_by?: string[]; terms: [keyof TVersion, "ASC" | "DESC"][] }[] = [
  { terms: [["last_updated_timestamp", "DESC"]] },
  { order_by: ["name"], terms: [["name", "ASC"]] },
  { order_by: ["name DESC"], terms: [["name", "DESC"]] },
  { order_by: ["version_number ASC"], terms: [["version", "ASC"]] },
  {
    order_by: ["version_number DESC", "name DESC"],
    terms: [
      ["version", "DESC"],
      ["name", "DESC"],
    ],
  },
  { order_by: ["creation_timestamp ASC"], terms: [["creation_timestamp", "ASC"]] },
  {
    order_by: ["creation_timestamp DESC", "version_number ASC"],
    terms: [
      ["creation_timestamp", "DESC"],
      ["version", "ASC"],
    ],
  },
  { order_by: ["timestamp ASC"], terms: [["last_updated_timestamp", "ASC"]] },
  {
    order_by: ["last_updated_timestamp DESC", "name DESC", "version_number ASC"],
    terms: [
      ["last_updated_timestamp", "DESC"],
      ["name", "DESC"],
      ["version", "ASC"],
    ],
  },
];

describe("model-versions/search without a filter: keyset pages", () => {
  it.each(ORDERINGS)(
    "pages through every live version once, in MLflow's order: $order_by",
    async ({ order_by, terms }) => {
      const expected = await expectedOrder(terms);
      expect(expected.length).toBeGreaterThan(30);
      const base: Record<string, string[]> = order_by ? { order_by } : {};
      const whole = ZMlflowSearchModelVersionsResponse.parse((await search(base)).json);
      expect((whole.model_versions ?? []).map(key)).toEqual(expected);
      expect(whole.next_page_token).toBeUndefined();
      for (const size of ["1", "4", "7"]) {
        const { keys, pages } = await pageThrough({ ...base, max_results: size });
        expect(keys).toEqual(expected);
        expect(pages).toBe(Math.ceil(expected.length / Number(size)));
      }
    },
  );

  it("neither repeats nor hides a row when versions are inserted between pages", async () => {
    const before = await expectedOrder([["name", "ASC"]]);
    const late = await insertModel("zz-late");
    const early = await insertModel("aa-early");
    let added = 0;
    // New rows both before the cursor (aa-…, a new newest update) and after it (zz-…, old timestamps).
    const insertBoth = async () => {
      added++;
      await insertVersion(late, added, BASE - added * 1000, BASE - added * 1000);
      await insertVersion(early, added, Date.now(), Date.now());
    };
    for (const query of [{ order_by: ["name ASC"], max_results: "5" }, { max_results: "5" }] as Record<
      string,
      string | string[]
    >[]) {
      const originals = new Set(
        await expectedOrder(query.order_by ? [["name", "ASC"]] : [["last_updated_timestamp", "DESC"]]),
      );
      const { keys } = await pageThrough(query, insertBoth);
      expect(new Set(keys).size).toBe(keys.length);
      for (const k of originals) expect(keys).toContain(k);
      // The rows added after the cursor are there, and the answer kept the order throughout.
      expect(keys.filter((k) => k.startsWith("zz-late#")).length).toBeGreaterThan(0);
      const order = await expectedOrder(query.order_by ? [["name", "ASC"]] : [["last_updated_timestamp", "DESC"]]);
      expect(keys).toEqual(order.filter((k) => keys.includes(k)));
    }
    expect(before.every((k) => !k.startsWith("zz-late#") && !k.startsWith("aa-early#"))).toBe(true);
  });

  it("refuses MLflow offset tokens, tokens of another ordering and forged tokens with INVALID_PARAMETER_VALUE", async () => {
    const first = ZMlflowSearchModelVersionsResponse.parse((await search({ max_results: "2" })).json);
    expect(first.next_page_token).toMatch(/^[A-Za-z0-9_-]+$/);
    const refused = async (query: Record<string, string | string[]>, message: RegExp) => {
      const r = await search(query);
      expect(r.status, JSON.stringify(r.json)).toBe(400);
      const e = ZMlflowError.parse(r.json);
      expect(e.error_code).toBe("INVALID_PARAMETER_VALUE");
      expect(e.message).toMatch(message);
    };
    await refused({ page_token: encodePageToken(2) }, /^Invalid page token: offset page tokens are not accepted/);
    await refused(
      { page_token: first.next_page_token!, order_by: ["name"] },
      /^Invalid page token: it was issued for order_by "last_updated_timestamp DESC,name ASC,version_number DESC"/,
    );
    await refused({ page_token: "%%%" }, /^Invalid page token, could not decode/);
    const forge = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
    await refused(
      { page_token: forge({ v: 2, order: "name ASC,version_number DESC", after: ["a", 1] }), order_by: ["name"] },
      /^Invalid page token: unknown token version 2/,
    );
    await refused(
      { page_token: forge({ v: 1, order: "name ASC,version_number DESC", after: [1, 1] }), order_by: ["name"] },
      /^Invalid page token: its sort key/,
    );
    await refused(
      {
        page_token: forge({
          v: 1,
          order: "creation_timestamp ASC,name ASC,version_number DESC",
          after: [1e300, "a", 1],
        }),
        order_by: ["creation_timestamp"],
      },
      /^Invalid page token: its sort key/,
    );
    // With a filter, keyset tokens as well since issue 18: the golden offset token of ../shared/MLFLOW_COMPAT.md is refused.
    const filtered = ZMlflowSearchModelVersionsResponse.parse(
      (await search({ filter: "name = 'alpha'", max_results: "1" })).json,
    );
    expect(filtered.next_page_token).toBeUndefined();
    const beta = ZMlflowSearchModelVersionsResponse.parse(
      (await search({ filter: "name = 'beta'", max_results: "1" })).json,
    );
    expect(beta.next_page_token).toMatch(/^[A-Za-z0-9_-]+$/);
    await refused(
      { filter: "name = 'beta'", max_results: "1", page_token: encodePageToken(1) },
      /^Invalid page token: offset page tokens are not accepted/,
    );
  });

  it("still requires models:read", async () => {
    const user = await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"], teamId: cast.team.id });
    const ingestOnly = await createTestToken(db.prisma, user.user.id, ["ingest"]);
    const r = await search({ max_results: "2" }, ingestOnly);
    expect(r.status).toBe(403);
    expect(ZMlflowError.parse(r.json).error_code).toBe("PERMISSION_DENIED");
    const anonymous = await callMlflow(route.GET, "GET", "model-versions/search", { query: { max_results: "2" } });
    expect(anonymous.status).toBe(401);
  });
});
