/**
 * The registry benchmark's data: BENCH_MODELS models (default 1,000) × 10 versions, generated from a fixed seed so every run
 * and every machine measures the same rows. Written with chunked multi-row INSERTs through the app's own
 * SqlRunner (pg on PostgreSQL, the PGlite instance itself on PGlite), not through Prisma: seeding 11,000
 * rows one `create` at a time would take longer than the measurement.
 */
import { createHash, randomBytes } from "node:crypto";
import type { SqlRunner } from "../../lib/db/migrate";
import { createRng } from "../../prisma/seed/demo-portfolio";
import { insertRows as insertChunked, pgArray, type TCell, type TColumn } from "../insert-rows";

// 400 rows per statement, as this seed has always used (the version rows are wide).
const insertRows = (db: SqlRunner, table: string, columns: TColumn[], rows: TCell[][]) =>
  insertChunked(db, table, columns, rows, 400);

/** BENCH_MODELS (default 1,000; 10,000 and 100,000 work): rows are written 1,000 models at a time, so memory stays flat. */
export const MODEL_COUNT = Number(process.env.BENCH_MODELS ?? 1_000);
if (!Number.isSafeInteger(MODEL_COUNT) || MODEL_COUNT < 100)
  throw new Error(`BENCH_MODELS must be an integer ≥ 100, got ${process.env.BENCH_MODELS}`);
export const VERSIONS_PER_MODEL = 10;
const TEAM_COUNT = 8;
const SEED = 20_261_123;
const BASE_TIME = Date.UTC(2026, 0, 5, 9, 0, 0);

/** 25 business areas; model i belongs to AREAS[i % 25], so each area holds 40 models spread over 0000–0999. */
const AREAS = [
  "churn",
  "fraud",
  "credit",
  "pricing",
  "demand",
  "inventory",
  "routing",
  "ranking",
  "search",
  "recommender",
  "propensity",
  "retention",
  "upsell",
  "anomaly",
  "claims",
  "underwriting",
  "collections",
  "sentiment",
  "intent",
  "forecasting",
  "staffing",
  "logistics",
  "maintenance",
  "quality",
  "energy",
] as const;
const FRAMEWORKS = ["xgboost 2.0", "lightgbm 4.3", "scikit-learn 1.5", "pytorch 2.4", "catboost 1.2"];
const PROBLEM_TYPES = ["CLASSIFICATION", "REGRESSION", "OTHER"] as const;
const HEALTHS = ["HEALTHY", "HEALTHY", "WARNING", "CRITICAL", "UNKNOWN"] as const;

export type TSeeded = {
  adminId: string;
  /** Plain bearer token (read scope) for the admin; only its sha256 is stored. */
  token: string;
  versionIds: string[];
  /** Search terms that each match exactly SEARCH_MATCHES models (slug `<area>-0<h>..`). */
  searchTerms: string[];
  /** The slug the models list shows first (sorted by slug). */
  firstSlug: string;
};
export const SEARCH_MATCHES = 4;

const iso = (minutes: number): string => new Date(BASE_TIME + minutes * 60_000).toISOString();
const pad = (n: number, width: number): string => String(n).padStart(width, "0");

function featureSchema(random: () => number, model: number): object[] {
  return Array.from({ length: 15 }, (_, f) =>
    f % 4 === 3
      ? {
          name: `segment_${f}`,
          type: "categorical",
          categories: ["a", "b", "c", "d", "e"].slice(0, 2 + ((model + f) % 4)),
          nullable: f % 8 === 7,
        }
      : { name: `feature_${f}`, type: "numeric", min: 0, max: Math.round(10 + random() * 990), nullable: false },
  );
}

/** v1–v7 archived, v8 in production for even models, v9 on its way, v10 freshly registered. */
function stageOf(model: number, number: number): string {
  if (number <= 7) return "ARCHIVED";
  if (number === 8) return model % 2 === 0 ? "MONITORING" : "ARCHIVED";
  if (number === 9) return ["UAT", "DEPLOYMENT", "MONITORING", "INDUSTRIALIZATION"][model % 4]!;
  return model % 3 === 0 ? "INDUSTRIALIZATION" : "DESIGN";
}

/** Writes teams, people, the admin and its read token, models and versions into a freshly migrated database. */
export async function seedRegistry(db: SqlRunner): Promise<TSeeded> {
  const random = createRng(SEED);
  const now = new Date().toISOString();
  const teams = Array.from({ length: TEAM_COUNT }, (_, t) => [`bench-team-${t}`, `team-${t}`, `Team ${t}`]);
  await insertRows(
    db,
    "teams",
    [
      ["id", "text"],
      ["slug", "text"],
      ["name", "text"],
    ],
    teams,
  );

  // Per team three data scientists and three IT operators; owners are drawn from the model's team.
  const users: TCell[][] = [["bench-admin", "admin@bench.local", "Bench Admin", pgArray(["ADMIN"]), null, now]];
  for (let t = 0; t < TEAM_COUNT; t++) {
    for (let k = 0; k < 6; k++) {
      const role = k < 3 ? "DATA_SCIENTIST" : "IT_OPS";
      users.push([
        `bench-user-${t}-${k}`,
        `user-${t}-${k}@bench.local`,
        `User ${t}.${k}`,
        pgArray([role]),
        `bench-team-${t}`,
        now,
      ]);
    }
  }
  await insertRows(
    db,
    "users",
    [
      ["id", "text"],
      ["email", "text"],
      ["name", "text"],
      ["roles", `"Role"[]`],
      ["teamId", "text"],
      ["updatedAt", "timestamptz"],
    ],
    users,
  );

  // Same shape as lib/server/auth/api-tokens.ts: "mg_" + 32 random bytes, stored as its sha256 (that file is server-only).
  const token = `mg_${randomBytes(32).toString("base64url")}`;
  const tokenHash = createHash("sha256").update(token).digest("hex");
  await insertRows(
    db,
    "api_tokens",
    [
      ["id", "text"],
      ["name", "text"],
      ["prefix", "text"],
      ["tokenHash", "text"],
      ["scopes", "text[]"],
      ["userId", "text"],
    ],
    [["bench-token", "bench (read)", token.slice(0, 9), tokenHash, pgArray(["read"]), "bench-admin"]],
  );

  let models: TCell[][] = [];
  let versions: TCell[][] = [];
  const versionIds: string[] = [];
  let firstSlug: string | undefined;
  const flush = async () => {
    await insertRows(
      db,
      "models",
      [
        ["id", "text"],
        ["slug", "text"],
        ["title", "text"],
        ["description", "text"],
        ["problemType", `"ProblemType"`],
        ["criticality", `"Criticality"`],
        ["teamId", "text"],
        ["dsOwnerId", "text"],
        ["itOwnerId", "text"],
        ["tags", "text[]"],
        ["versionCounter", "int"],
        ["health", `"Health"`],
        ["createdAt", "timestamptz"],
        ["updatedAt", "timestamptz"],
      ],
      models,
    );
    await insertRows(
      db,
      "model_versions",
      [
        ["id", "text"],
        ["modelId", "text"],
        ["number", "int"],
        ["stage", `"Stage"`],
        ["description", "text"],
        ["artifactUri", "text"],
        ["framework", "text"],
        ["gitCommit", "text"],
        ["trainingDataset", "text"],
        ["parameters", "jsonb"],
        ["metrics", "jsonb"],
        ["featureSchema", "jsonb"],
        ["health", `"Health"`],
        ["createdById", "text"],
        ["stageChangedAt", "timestamptz"],
        ["createdAt", "timestamptz"],
        ["updatedAt", "timestamptz"],
      ],
      versions,
    );
    for (const m of models) if (firstSlug === undefined || String(m[1]) < firstSlug) firstSlug = String(m[1]);
    models = [];
    versions = [];
  };
  for (let i = 0; i < MODEL_COUNT; i++) {
    const area = AREAS[i % AREAS.length]!;
    const team = i % TEAM_COUNT;
    const id = `bench-model-${pad(i, 4)}`;
    const slug = `${area}-${pad(i, 4)}`;
    const title = `${area[0]!.toUpperCase()}${area.slice(1)} model ${pad(i, 4)}`;
    const description = `Predicts **${area}** outcomes for business unit ${team}. Trained weekly; see the runbook for thresholds and rollback.`;
    const itOwner = i % 3 === 0 ? null : `bench-user-${team}-${3 + (i % 3)}`;
    const created = i * 7;
    models.push([
      id,
      slug,
      title,
      description,
      PROBLEM_TYPES[i % 3]!,
      i % 4 === 0 ? "MISSION_CRITICAL" : "INTERNAL",
      `bench-team-${team}`,
      `bench-user-${team}-${i % 3}`,
      itOwner,
      pgArray([area, `unit-${team}`]),
      VERSIONS_PER_MODEL,
      HEALTHS[i % HEALTHS.length]!,
      iso(created),
      iso(created + 10 * 1440),
    ]);
    for (let n = 1; n <= VERSIONS_PER_MODEL; n++) {
      const versionId = `bench-version-${pad(i, 4)}-${pad(n, 2)}`;
      versionIds.push(versionId);
      const parameters = {
        max_depth: 3 + (n % 6),
        eta: Number((0.05 + random() * 0.25).toFixed(3)),
        n_estimators: 100 * n,
        subsample: 0.8,
        colsample_bytree: 0.7,
        seed: i * 100 + n,
        objective: "binary:logistic",
        early_stopping_rounds: 20,
      };
      const metrics = {
        auc: Number((0.7 + random() * 0.25).toFixed(4)),
        accuracy: Number((0.65 + random() * 0.3).toFixed(4)),
        f1: Number((0.5 + random() * 0.4).toFixed(4)),
        precision: Number((0.5 + random() * 0.45).toFixed(4)),
        recall: Number((0.5 + random() * 0.45).toFixed(4)),
        latency_ms: Math.round(5 + random() * 80),
      };
      const at = iso(created + n * 1440);
      const commit = createHash("sha1").update(versionId).digest("hex").slice(0, 12);
      versions.push([
        versionId,
        id,
        n,
        stageOf(i, n),
        `Retrained on ${at.slice(0, 10)} data.`,
        `s3://models/${slug}/v${n}/model.bin`,
        FRAMEWORKS[(i + n) % FRAMEWORKS.length]!,
        commit,
        `s3://lake/${area}/train-${n}.parquet`,
        JSON.stringify(parameters),
        JSON.stringify(metrics),
        JSON.stringify(featureSchema(random, i)),
        HEALTHS[(i + n) % HEALTHS.length]!,
        `bench-user-${team}-${n % 3}`,
        at,
        at,
        at,
      ]);
    }
    if (models.length === 1_000) await flush();
  }
  await flush();
  // Planner statistics as a live system would have them after autovacuum.
  await db.exec("ANALYZE");

  // "<area>-0<h>" matches the 4 models of that area numbered h00–h99 (slugs only: titles have no hyphen).
  const searchTerms = AREAS.flatMap((area) => Array.from({ length: 10 }, (_, h) => `${area}-0${h}`));
  return { adminId: "bench-admin", token, versionIds, searchTerms, firstSlug: firstSlug! };
}
