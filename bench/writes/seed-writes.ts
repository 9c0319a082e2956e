/**
 * The write benchmark's data: BENCH_MODELS mission-critical models (default 1,000) × 5 versions, owned by one data
 * scientist (the requester), plus a second data scientist of the same team (the approver), both with read+write
 * tokens, and the default gate policies. Version 5 of every model waits in DESIGN with all the metadata the
 * INDUSTRIALIZATION gate asks for, so it can be promoted; that gate needs one DATA_SCIENTIST approval for
 * mission-critical models, from someone other than the requester. Straight SQL (bench/insert-rows.ts): seeding
 * 50,000 rows through the API would take longer than the measurement.
 */
import { createHash } from "node:crypto";
import type { SqlRunner } from "../../lib/db/migrate";
import { defaultGateRequirements } from "../../lib/domain/gates/policy";
import { insertRows, pgArray, type TCell } from "../insert-rows";

export const VERSIONS_PER_MODEL = 5;
const BASE_TIME = Date.UTC(2026, 0, 5, 9, 0, 0);

export const REQUESTER_TOKEN = `mg_wbreq_${"1".repeat(40)}`;
export const APPROVER_TOKEN = `mg_wbapp_${"2".repeat(40)}`;

export type TWritesSeed = {
  models: number;
  /** Model slugs (= their MLflow names), index i for model i. */
  slugs: string[];
  /** Versions in DESIGN that the requester may ask to promote to INDUSTRIALIZATION. */
  candidates: string[];
};

export const modelSlug = (i: number): string => `wb-model-${String(i).padStart(5, "0")}`;

/** What the INDUSTRIALIZATION gate checks is present: artifact, framework, commit, dataset, feature schema. */
export const GATE_METADATA = {
  framework: "xgboost 2.0",
  gitCommit: "0123456789abcdef0123456789abcdef01234567",
  trainingDataset: "s3://bench/datasets/train.parquet",
  featureSchema: [
    { name: "amount", type: "numeric", min: 0, max: 10_000 },
    { name: "segment", type: "categorical", categories: ["a", "b", "c"] },
  ],
} as const;

const iso = (ms: number) => new Date(ms).toISOString();
const tokenRow = (id: string, token: string, userId: string): TCell[] => [
  id,
  `bench ${id}`,
  token.slice(0, 8),
  createHash("sha256").update(token).digest("hex"),
  pgArray(["read", "write"]),
  userId,
];

export async function seedWrites(db: SqlRunner, models: number): Promise<TWritesSeed> {
  await insertRows(
    db,
    "teams",
    [
      ["id", "text"],
      ["slug", "text"],
      ["name", "text"],
    ],
    [["wb-team", "wb-team", "Write bench team"]],
  );
  await insertRows(
    db,
    "users",
    [
      ["id", "text"],
      ["email", "text"],
      ["name", "text"],
      ["roles", '"Role"[]'],
      ["teamId", "text"],
      ["updatedAt", "timestamptz"],
    ],
    [
      ["wb-requester", "requester@bench.local", "Requester", pgArray(["DATA_SCIENTIST"]), "wb-team", iso(BASE_TIME)],
      ["wb-approver", "approver@bench.local", "Approver", pgArray(["DATA_SCIENTIST"]), "wb-team", iso(BASE_TIME)],
    ],
  );
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
    [
      tokenRow("wb-requester-token", REQUESTER_TOKEN, "wb-requester"),
      tokenRow("wb-approver-token", APPROVER_TOKEN, "wb-approver"),
    ],
  );
  const policies: TCell[][] = [];
  for (const stage of ["INDUSTRIALIZATION", "UAT", "DEPLOYMENT", "MONITORING"] as const) {
    for (const criticality of ["INTERNAL", "MISSION_CRITICAL"] as const)
      policies.push([
        `wb-policy-${stage}-${criticality}`,
        stage,
        criticality,
        1,
        JSON.stringify(defaultGateRequirements(stage, criticality)),
      ]);
  }
  await insertRows(
    db,
    "gate_policies",
    [
      ["id", "text"],
      ["targetStage", '"Stage"'],
      ["criticality", '"Criticality"'],
      ["version", "int"],
      ["requirements", "jsonb"],
    ],
    policies,
  );

  const slugs: string[] = [];
  const candidates: string[] = [];
  const modelRows: TCell[][] = [];
  const versionRows: TCell[][] = [];
  for (let i = 0; i < models; i++) {
    const id = `wb-m-${i}`;
    const t = BASE_TIME + i * 60_000;
    slugs.push(modelSlug(i));
    modelRows.push([
      id,
      modelSlug(i),
      `Write bench model ${i}`,
      "CLASSIFICATION",
      "MISSION_CRITICAL",
      "wb-team",
      "wb-requester",
      VERSIONS_PER_MODEL,
      iso(t),
      iso(t + VERSIONS_PER_MODEL * 1000),
    ]);
    for (let n = 1; n <= VERSIONS_PER_MODEL; n++) {
      const vid = `wb-v-${i}-${n}`;
      const stage = n === VERSIONS_PER_MODEL ? "DESIGN" : n === VERSIONS_PER_MODEL - 1 ? "UAT" : "ARCHIVED";
      if (stage === "DESIGN") candidates.push(vid);
      const at = iso(t + n * 1000);
      versionRows.push([
        vid,
        id,
        n,
        stage,
        `s3://bench/${i}/${n}/model`,
        GATE_METADATA.framework,
        GATE_METADATA.gitCommit,
        GATE_METADATA.trainingDataset,
        JSON.stringify(GATE_METADATA.featureSchema),
        JSON.stringify({ auc: 0.8 + (i % 10) / 100 }),
        "wb-requester",
        at,
        at,
        at,
      ]);
    }
  }
  await insertRows(
    db,
    "models",
    [
      ["id", "text"],
      ["slug", "text"],
      ["title", "text"],
      ["problemType", '"ProblemType"'],
      ["criticality", '"Criticality"'],
      ["teamId", "text"],
      ["dsOwnerId", "text"],
      ["versionCounter", "int"],
      ["createdAt", "timestamptz"],
      ["updatedAt", "timestamptz"],
    ],
    modelRows,
  );
  await insertRows(
    db,
    "model_versions",
    [
      ["id", "text"],
      ["modelId", "text"],
      ["number", "int"],
      ["stage", '"Stage"'],
      ["artifactUri", "text"],
      ["framework", "text"],
      ["gitCommit", "text"],
      ["trainingDataset", "text"],
      ["featureSchema", "jsonb"],
      ["metrics", "jsonb"],
      ["createdById", "text"],
      ["stageChangedAt", "timestamptz"],
      ["createdAt", "timestamptz"],
      ["updatedAt", "timestamptz"],
    ],
    versionRows,
  );
  await db.query("ANALYZE");
  return { models, slugs, candidates };
}
