import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { buildOpenApiDocument, type TOpenApiOperation } from "@/lib/schemas/openapi";
import { REGISTRY_ENDPOINTS } from "@/lib/server/mlflow/registry-endpoints";
import { TRACKING_ENDPOINTS } from "@/lib/server/mlflow/tracking-endpoints";
import {
  createCast,
  createTestModel,
  createTestWebhook,
  seedDefaultPolicies,
  sessionCookie,
} from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";

/**
 * Issue 16: property-based fuzzing of every write operation of /api/v1 (from the OpenAPI document) and of
 * the MLflow route table. fast-check generates bodies, query and path values with the hostile characters
 * (NUL, lone surrogates, controls, bidi overrides), huge numbers, deep nesting and wrong types, next to
 * plausible values and real ids so that requests reach the use cases. Every answer must be 2xx or a 4xx
 * in the right error shape — never 5xx — and a 4xx must write nothing: the audit log does not grow, and no
 * row of any table changes (the target entity among them; see snapshotState).
 * Fixed seed (FUZZ_SEED to change it; fast-check prints the seed and the shrunk counterexample on failure),
 * bounded by time (FUZZ_SECONDS, default 45 s of requests).
 */
process.env.MODELGATE_WEBHOOK_ALLOW_PRIVATE = "127.0.0.0/8";
const db = useTestDatabase();
const SEED = Number(process.env.FUZZ_SEED ?? 16016);
const BUDGET_MS = Number(process.env.FUZZ_SECONDS ?? 45) * 1000;
const ROOT = path.resolve(import.meta.dirname, "../../..");

type THandler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type TTarget = {
  label: string;
  url: (p: Record<string, string>) => string;
  handler: THandler;
  params: (p: Record<string, string>) => Record<string, string | string[]>;
  paramNames: string[];
  bodyKeys: string[];
  queryKeys: string[];
  mlflow: boolean;
};

const hostileString = fc.oneof(
  fc.constantFrom(
    "\u0000",
    "a\u0000b",
    "\ud800",
    "x\udfff",
    "\u001b[31m",
    "\u0085",
    "\u202Eexe.txt",
    "\u2066",
    "\u0007bell",
    "\t\n\r",
    "%00",
    "../../etc/passwd",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "9999-12-31T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "NaN",
    "-1",
    "production",
    "nosuchenv",
    "",
  ),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.integer({ min: 256, max: 5000 }).map((n) => "x".repeat(n)),
);
const hugeNumber = fc.constantFrom(1e308, -1e308, 2 ** 63, -(2 ** 63), 2 ** 31, -2147483649, 1e-320, -0, 0, 1, 1e20);
const deep = fc.integer({ min: 50, max: 3000 }).map((d) => {
  let v: unknown = "leaf";
  for (let i = 0; i < d; i++) v = i % 2 ? [v] : { a: v };
  return v;
});
const scalar = fc.oneof(hostileString, hugeNumber, fc.boolean(), fc.constant(null), fc.double());
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: deep },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 2, arbitrary: fc.dictionary(hostileString, scalar, { maxKeys: 4 }) },
);

/** A body: usually an object over the operation's own field names (so schemas get past the first field), sometimes anything. */
const bodyFor = (keys: string[]) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: keys.length
        ? fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length })
        : fc.constant({}),
    },
    { weight: 1, arbitrary: value },
    { weight: 1, arbitrary: fc.dictionary(hostileString, value, { maxKeys: 3 }) },
  );

function safeEncode(s: string): string {
  return s.isWellFormed() ? encodeURIComponent(s) : "%ED%A0%80";
}

function routeFile(openApiPath: string): string {
  const segments = openApiPath
    .split("/")
    .filter(Boolean)
    .map((s) => s.replace(/^\{(\w+)\}$/, "[$1]"));
  return path.join(ROOT, "app", ...segments, "route.ts");
}

function bodyKeysOf(op: TOpenApiOperation, doc: ReturnType<typeof buildOpenApiDocument>): string[] {
  let schema = op.requestBody?.content["application/json"]?.schema as
    { $ref?: string; properties?: Record<string, unknown> } | undefined;
  if (schema?.$ref) schema = doc.components.schemas[schema.$ref.split("/").pop()!] as typeof schema;
  return Object.keys(schema?.properties ?? {});
}

const MLFLOW_FIELDS = [
  "name",
  "new_name",
  "version",
  "key",
  "value",
  "description",
  "tags",
  "source",
  "run_id",
  "run_link",
  "stage",
  "alias",
  "experiment_id",
  "experiment_ids",
  "metrics",
  "params",
  "timestamp",
  "step",
  "status",
  "end_time",
  "start_time",
  "artifact_location",
  "archive_existing_versions",
  "filter",
  "max_results",
  "page_token",
  "order_by",
  "inputs",
  "model_json",
  "run_name",
  "user_id",
];

/**
 * Tables a refused request may legitimately change, left out of the state comparison: the audit log (its
 * count is checked; the sequencer chains committed events in the background), the sequencer's checkpoints,
 * the sign-in limiter's counters (a wrong sudo password counts, by design) and job leases (timers).
 */
const NOT_COMPARED = new Set(["audit_events", "audit_checkpoints", "rate_limits", "job_leases", "_prisma_migrations"]);
let stateQuery = "";
let lastState: Map<string, string> | undefined;

/** One row per table: its row count and the newest row version's transaction id. */
async function snapshotState(): Promise<Map<string, string>> {
  const rows = await db.prisma.$queryRawUnsafe<{ t: string; n: number; h: string }[]>(stateQuery);
  return new Map(rows.map((r) => [r.t, `${r.n} rows, newest xmin ${r.h}`]));
}

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...before.keys()]
    .filter((t) => before.get(t) !== after.get(t))
    .map((t) => `${t}: ${before.get(t)} → ${after.get(t)}`);
}

let targets: TTarget[] = [];
let ids: Record<string, string> = {};
let cookie = "";

beforeAll(async () => {
  await seedDefaultPolicies(db.prisma);
  const cast = await createCast(db.prisma);
  const { model, versions } = await createTestModel(db.prisma, {
    teamId: cast.team.id,
    dsOwnerId: cast.ds.user.id,
    versions: [{ stage: "DESIGN" }, { stage: "UAT", production: false }],
  });
  const hook = await createTestWebhook(db.prisma, { url: "http://127.0.0.1:9/fuzz" });
  ids = {
    modelId: model.id,
    versionId: versions[0]!.id,
    userId: cast.ds.user.id,
    webhookId: hook.id,
    tokenId: "none",
    stage: "UAT",
    criticality: "INTERNAL",
    ruleId: "none",
    alertId: "none",
    handoffId: "none",
    requestId: "none",
    retrainingId: "none",
    deliveryId: "none",
  };
  cookie = await sessionCookie(cast.admin.user.id, { sudo: true });
  const tables = (
    await db.prisma.$queryRaw<
      { t: string }[]
    >`SELECT table_name::text AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`
  )
    .map((r) => r.t)
    .filter((t) => !NOT_COMPARED.has(t));
  expect(tables).toEqual(
    expect.arrayContaining(["models", "model_versions", "users", "webhooks", "user_invites", "mlflow_runs"]),
  );
  // Every committed insert or update leaves a row version whose xmin is its transaction's id, newer than any
  // before; a delete lowers the count. So (count, newest xmin) changes whenever a table's rows do, and costs a
  // fraction of hashing every row (which cut the requests per run by 40×).
  stateQuery = tables
    .map(
      (t) => `SELECT '${t}' AS t, count(*)::int AS n, coalesce(max(x.xmin::text::bigint), 0)::text AS h FROM "${t}" x`,
    )
    .join(" UNION ALL ");

  const doc = buildOpenApiDocument();
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item) as [string, TOpenApiOperation][]) {
      if (method === "get") continue;
      const mod = (await import(routeFile(p))) as Record<string, THandler>;
      const paramNames = (op.parameters ?? []).filter((x) => x.in === "path").map((x) => x.name);
      targets.push({
        label: `${method.toUpperCase()} ${p}`,
        // The URL is cosmetic (the handler gets the params themselves); a lone surrogate cannot be percent-encoded.
        url: (v) => p.replace(/\{(\w+)\}/g, (_m, n: string) => safeEncode(v[n] ?? "")),
        handler: mod[method.toUpperCase()]!,
        params: (v) => v,
        paramNames,
        bodyKeys: bodyKeysOf(op, doc),
        queryKeys: (op.parameters ?? []).filter((x) => x.in === "query").map((x) => x.name),
        mlflow: false,
      });
    }
  }
  const mlflowRoute = (await import(path.join(ROOT, "app/api/2.0/mlflow/[...path]/route.ts"))) as Record<
    string,
    THandler
  >;
  for (const [rpc, methods] of Object.entries({ ...REGISTRY_ENDPOINTS, ...TRACKING_ENDPOINTS })) {
    for (const method of Object.keys(methods)) {
      if (method === "GET") continue;
      targets.push({
        label: `${method} mlflow/${rpc}`,
        url: () => `/api/2.0/mlflow/${rpc}`,
        handler: mlflowRoute[method]!,
        params: () => ({ path: rpc.split("/") }),
        paramNames: [],
        bodyKeys: MLFLOW_FIELDS,
        queryKeys: [],
        mlflow: true,
      });
    }
  }
  targets = targets.sort((a, b) => a.label.localeCompare(b.label));
}, 120_000);

describe("the state comparison the fuzz test relies on", () => {
  it("sees an update, an insert and a delete in any compared table, and not a rolled-back write", async () => {
    const start = await snapshotState();
    await db.prisma
      .$transaction(async (tx) => {
        await tx.model.update({ where: { id: ids.modelId }, data: { description: "changed behind the API" } });
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(changedTables(start, await snapshotState())).toEqual([]);
    await db.prisma.model.update({ where: { id: ids.modelId }, data: { description: "changed behind the API" } });
    const updated = await snapshotState();
    expect(changedTables(start, updated).map((c) => c.split(":")[0])).toEqual(["models"]);
    const team = await db.prisma.team.create({ data: { slug: "fuzz-probe", name: "fuzz probe" } });
    const inserted = await snapshotState();
    expect(changedTables(updated, inserted).map((c) => c.split(":")[0])).toEqual(["teams"]);
    await db.prisma.team.delete({ where: { id: team.id } });
    expect(changedTables(inserted, await snapshotState()).map((c) => c.split(":")[0])).toEqual(["teams"]);
  });
});

describe("fuzzing every write operation", () => {
  it("never answers 5xx, always in the route's error shape, and a 4xx writes nothing (audit log and every table's rows)", async () => {
    expect(targets.length).toBeGreaterThan(60);
    const started = Date.now();
    let runs = 0;
    const seen = new Map<string, number>();
    const request = fc.integer({ min: 0, max: targets.length - 1 }).chain((i) => {
      const t = targets[i]!;
      const param = (name: string) =>
        fc.oneof({ weight: 2, arbitrary: fc.constant(ids[name] ?? "none") }, { weight: 1, arbitrary: hostileString });
      return fc.record({
        i: fc.constant(i),
        params: fc.record(Object.fromEntries(t.paramNames.map((n) => [n, param(n)]))),
        query: t.queryKeys.length
          ? fc.dictionary(fc.constantFrom(...t.queryKeys), hostileString, { maxKeys: 3 })
          : fc.constant({}),
        body: bodyFor(t.bodyKeys),
        raw: fc.option(fc.constantFrom("{not json", "\u0000", "[1,2", '{"a":"\\ud800"}', '"just a string"', "1e999"), {
          freq: 8,
        }),
      });
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ i, params, query, body, raw }) => {
        runs++;
        const t = targets[i]!;
        seen.set(t.label, (seen.get(t.label) ?? 0) + 1);
        const qs = Object.entries(query as Record<string, string>)
          .map(([k, v]) => `${safeEncode(k)}=${safeEncode(v)}`)
          .join("&");
        const url = `http://localhost${t.url(params as Record<string, string>)}${qs ? `?${qs}` : ""}`;
        const method = t.label.split(" ")[0]!;
        const text = raw ?? JSON.stringify(body);
        const before = await db.prisma.auditEvent.count();
        // The state after the previous request is this one's state before: one snapshot per request.
        const state = (lastState ??= await snapshotState());
        const res = await t.handler(
          new Request(url, {
            method,
            headers: { cookie, "content-type": "application/json" },
            body: method === "DELETE" && raw === null ? undefined : text,
          }),
          {
            params: Promise.resolve(t.params(params as Record<string, string>)),
          },
        );
        const answer = await res.text();
        if (res.status < 400 || res.status >= 500) lastState = undefined; // may have changed: read afresh next time
        const where = `${t.label} → ${res.status} ${answer.slice(0, 300)}`;
        expect(res.status, where).toBeLessThan(500);
        if (res.status >= 400) {
          if (t.mlflow)
            expect(JSON.parse(answer), where).toMatchObject({
              error_code: expect.any(String),
              message: expect.any(String),
            });
          else expect(res.headers.get("content-type"), where).toBe("application/problem+json");
          expect(await db.prisma.auditEvent.count(), `${where}: a refused request wrote to the audit log`).toBe(before);
          expect(
            changedTables(state, (lastState = await snapshotState())),
            `${where}: a refused request changed stored state`,
          ).toEqual([]);
        }
      }),
      {
        seed: SEED,
        numRuns: 100_000,
        interruptAfterTimeLimit: BUDGET_MS,
        markInterruptAsFailure: false,
        endOnFailure: true,
      },
    );
    console.log(
      `fuzz: ${runs} requests over ${seen.size} of ${targets.length} write operations in ${Math.round((Date.now() - started) / 1000)} s (seed ${SEED})`,
    );
    expect(runs).toBeGreaterThan(200);
  }, 180_000);
});
