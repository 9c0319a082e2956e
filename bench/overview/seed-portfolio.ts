/**
 * The overview benchmark's data: `models` (default 1,000; BENCH_MODELS in the bench) × 10 versions with a
 * year of stage history, generated from a fixed seed relative to a fixed "now", so every run and every
 * machine measures the same rows (and the first 1,000 models are the same whatever the count).
 * Each version is simulated through the lifecycle (random stays per stage, some abandoned and archived
 * early); a version going live supersedes the model's previous live one. On top: active production
 * deployments, pending promotion requests (some older than the 5-day warning), proposed handoffs,
 * deactivated owners and a few one-person models, so every overview section has work to do.
 * Written through the app's SqlRunner (pg or PGlite), not through Prisma, with bulk INSERT … SELECT FROM
 * unnest(…) (insert-columns.ts), flushed every MODELS_PER_FLUSH models so memory stays flat at 100,000
 * models (1 M versions, ~4 M stage entries).
 */
import type { SqlRunner } from "../../lib/db/migrate";
import { createRng } from "../../prisma/seed/demo-portfolio";
import { pgArray, type TCell, type TColumn } from "../insert-rows";
import { insertColumns } from "./insert-columns";

export const MODEL_COUNT = 1_000;
export const VERSIONS_PER_MODEL = 10;
const TEAM_COUNT = 10;
const SEED = 20_261_123;
const DAY = 86_400_000;
const LIFECYCLE = ["DESIGN", "INDUSTRIALIZATION", "UAT", "DEPLOYMENT", "MONITORING"] as const;
/** Stay length ranges in days per stage before moving on (MONITORING lasts until superseded). */
const MODELS_PER_FLUSH = 2_000;
const STAY_DAYS: Record<(typeof LIFECYCLE)[number], [number, number]> = {
  DESIGN: [2, 25],
  INDUSTRIALIZATION: [2, 15],
  UAT: [1, 12],
  DEPLOYMENT: [0.2, 3],
  MONITORING: [0, 0],
};

export type TSeededPortfolio = { managerId: string; itUserId: string; counts: Record<string, number> };

const pad = (n: number, width: number) => String(n).padStart(width, "0");

type TVersionSim = {
  id: string;
  number: number;
  created: number;
  entries: { stage: string; from: string | null; at: number }[];
};

/** One version's path through the lifecycle from its registration until `now` (or its abandonment). */
function simulateVersion(random: () => number, id: string, number: number, created: number, now: number): TVersionSim {
  const entries: TVersionSim["entries"] = [{ stage: "DESIGN", from: null, at: created }];
  const abandonAt = random() < 0.25 ? 1 + Math.floor(random() * 2) : -1; // a quarter stop after DESIGN or INDUSTRIALIZATION
  let at = created;
  for (let s = 0; s < LIFECYCLE.length - 1; s++) {
    const [lo, hi] = STAY_DAYS[LIFECYCLE[s]!];
    at += (lo + random() * (hi - lo)) * DAY;
    if (at > now) break;
    if (s + 1 === abandonAt) {
      entries.push({ stage: "ARCHIVED", from: LIFECYCLE[s]!, at });
      break;
    }
    entries.push({ stage: LIFECYCLE[s + 1]!, from: LIFECYCLE[s]!, at });
  }
  return { id, number, created, entries };
}

/** Writes teams, people, models, versions, stage history, deployments, requests and handoffs into a migrated database. */
export async function seedPortfolio(
  db: SqlRunner,
  now: Date,
  { models: modelCount = MODEL_COUNT }: { models?: number } = {},
): Promise<TSeededPortfolio> {
  const insertRows = (table: string, columns: TColumn[], rows: TCell[][]) => insertColumns(db, table, columns, rows);
  // Ids and slugs keep 4 digits up to 10,000 models (the 1,000-model data is unchanged), more beyond.
  const width = Math.max(4, String(modelCount - 1).length);
  const random = createRng(SEED);
  const nowMs = now.getTime();
  const iso = (ms: number) => new Date(ms).toISOString();

  const teams = Array.from({ length: TEAM_COUNT }, (_, t) => [`ov-team-${t}`, `ov-team-${t}`, `Team ${pad(t, 2)}`]);
  await insertRows(
    "teams",
    [
      ["id", "text"],
      ["slug", "text"],
      ["name", "text"],
    ],
    teams,
  );
  // Per team: 4 data scientists (the 4th of teams 0–2 deactivated: orphaned models), 3 IT operators,
  // one person holding both roles (bus factor 1 on a few models), one manager.
  const users: TCell[][] = [];
  const user = (t: number, k: string, roles: string[], active = true) =>
    users.push([
      `ov-user-${t}-${k}`,
      `${k}-${t}@bench.local`,
      `Person ${t}.${k}`,
      pgArray(roles),
      `ov-team-${t}`,
      active,
      iso(nowMs),
    ]);
  for (let t = 0; t < TEAM_COUNT; t++) {
    for (let k = 0; k < 4; k++) user(t, `ds${k}`, ["DATA_SCIENTIST"], !(k === 3 && t < 3));
    for (let k = 0; k < 3; k++) user(t, `it${k}`, ["IT_OPS"]);
    user(t, "dual", ["DATA_SCIENTIST", "IT_OPS"]);
    user(t, "mgr", ["MANAGER"]);
  }
  await insertRows(
    "users",
    [
      ["id", "text"],
      ["email", "text"],
      ["name", "text"],
      ["roles", `"Role"[]`],
      ["teamId", "text"],
      ["active", "boolean"],
      ["updatedAt", "timestamptz"],
    ],
    users,
  );

  await insertRows(
    "environments",
    [
      ["id", "text"],
      ["name", "text"],
      ["isProduction", "boolean"],
    ],
    [["ov-env-production", "production", true]],
  );
  let models: TCell[][] = [];
  let versions: TCell[][] = [];
  let history: TCell[][] = [];
  let deployments: TCell[][] = [];
  let requests: TCell[][] = [];
  let handoffs: TCell[][] = [];
  const counts = { models: 0, versions: 0, stageHistory: 0, deployments: 0, pendingRequests: 0, proposedHandoffs: 0 };
  // In foreign-key order; the buffers start again empty.
  const flush = async () => {
    await insertRows(
      "models",
      [
        ["id", "text"],
        ["slug", "text"],
        ["title", "text"],
        ["problemType", `"ProblemType"`],
        ["criticality", `"Criticality"`],
        ["teamId", "text"],
        ["dsOwnerId", "text"],
        ["itOwnerId", "text"],
        ["health", `"Health"`],
        ["versionCounter", "int"],
        ["createdAt", "timestamptz"],
        ["updatedAt", "timestamptz"],
      ],
      models,
    );
    await insertRows(
      "model_versions",
      [
        ["id", "text"],
        ["modelId", "text"],
        ["number", "int"],
        ["stage", `"Stage"`],
        ["artifactUri", "text"],
        ["createdById", "text"],
        ["stageChangedAt", "timestamptz"],
        ["createdAt", "timestamptz"],
        ["updatedAt", "timestamptz"],
      ],
      versions,
    );
    await insertRows(
      "stage_history",
      [
        ["id", "text"],
        ["versionId", "text"],
        ["fromStage", `"Stage"`],
        ["toStage", `"Stage"`],
        ["enteredAt", "timestamptz"],
      ],
      history,
    );
    await insertRows(
      "deployments",
      [
        ["id", "text"],
        ["modelId", "text"],
        ["versionId", "text"],
        ["environmentId", "text"],
        ["status", `"DeploymentStatus"`],
        ["deployedAt", "timestamptz"],
      ],
      deployments,
    );
    await insertRows(
      "transition_requests",
      [
        ["id", "text"],
        ["versionId", "text"],
        ["fromStage", `"Stage"`],
        ["toStage", `"Stage"`],
        ["requesterId", "text"],
        ["status", `"TransitionStatus"`],
        ["gateSnapshot", "jsonb"],
        ["createdAt", "timestamptz"],
        ["updatedAt", "timestamptz"],
      ],
      requests.map((r) => [...r, r[7]!]),
    );
    await insertRows(
      "handoffs",
      [
        ["id", "text"],
        ["modelId", "text"],
        ["direction", `"HandoffDirection"`],
        ["fromUserId", "text"],
        ["toUserId", "text"],
        ["status", `"HandoffStatus"`],
        ["proposedAt", "timestamptz"],
      ],
      handoffs,
    );
    counts.models += models.length;
    counts.versions += versions.length;
    counts.stageHistory += history.length;
    counts.deployments += deployments.length;
    counts.pendingRequests += requests.length;
    counts.proposedHandoffs += handoffs.length;
    [models, versions, history, deployments, requests, handoffs] = [[], [], [], [], [], []];
  };
  const healths = ["HEALTHY", "HEALTHY", "HEALTHY", "WARNING", "CRITICAL"];
  for (let i = 0; i < modelCount; i++) {
    const t = i % TEAM_COUNT;
    const id = `ov-model-${pad(i, width)}`;
    const solo = i % 97 === 0;
    const ds = solo ? `ov-user-${t}-dual` : `ov-user-${t}-ds${i % 4}`;
    const it = solo ? ds : i % 5 === 0 ? null : `ov-user-${t}-it${i % 3}`;
    // The first version a year ago (spread over a month); the next ones every 30–40 days.
    let created = nowMs - (365 - (i % 30)) * DAY;
    const sims: TVersionSim[] = [];
    for (let n = 1; n <= VERSIONS_PER_MODEL; n++) {
      sims.push(simulateVersion(random, `ov-version-${pad(i, width)}-${pad(n, 2)}`, n, created, nowMs));
      created += (30 + random() * 10) * DAY;
      if (created > nowMs - DAY) created = nowMs - (VERSIONS_PER_MODEL - n) * 3600_000;
    }
    // Go-lives in time order: each one supersedes (archives) the version live before it.
    const goLive = (v: TVersionSim) => v.entries.find((e) => e.stage === "MONITORING")?.at ?? null;
    const lives = sims.filter((v) => goLive(v) !== null).sort((a, b) => goLive(a)! - goLive(b)!);
    lives.forEach((v, k) => {
      if (k > 0) lives[k - 1]!.entries.push({ stage: "ARCHIVED", from: "MONITORING", at: goLive(v)! });
    });
    const live = lives[lives.length - 1] ?? null;
    models.push([
      id,
      `overview-${pad(i, width)}`,
      `Model ${pad(i, width)}`,
      i % 3 === 0 ? "REGRESSION" : "CLASSIFICATION",
      i % 4 === 0 ? "MISSION_CRITICAL" : "INTERNAL",
      `ov-team-${t}`,
      ds,
      it,
      healths[i % healths.length]!,
      VERSIONS_PER_MODEL,
      iso(sims[0]!.created - 7 * DAY),
      iso(nowMs),
    ]);
    for (const sim of sims) {
      const last = sim.entries[sim.entries.length - 1]!;
      versions.push([
        sim.id,
        id,
        sim.number,
        last.stage,
        `s3://bench/${id}/v${sim.number}`,
        ds,
        iso(last.at),
        iso(sim.created),
        iso(last.at),
      ]);
      sim.entries.forEach((e, k) => history.push([`${sim.id}-h${k}`, sim.id, e.from, e.stage, iso(e.at)]));
      if (sim === live && last.stage === "MONITORING")
        deployments.push([`${sim.id}-prod`, id, sim.id, "ov-env-production", "ACTIVE", iso(last.at)]);
      const at = LIFECYCLE.indexOf(last.stage as (typeof LIFECYCLE)[number]);
      const next = at >= 0 ? LIFECYCLE[at + 1] : undefined; // none from MONITORING or ARCHIVED
      if (next && random() < 0.4) {
        const role =
          next === "DEPLOYMENT" || next === "MONITORING"
            ? "IT_OPS"
            : next === "INDUSTRIALIZATION"
              ? "DATA_SCIENTIST"
              : "MANAGER";
        const gate = {
          open: false,
          requirements: [{ key: `approval:${role}`, label: `1 approval by ${role}`, met: false, detail: "" }],
          countedApprovers: [],
        };
        requests.push([
          `${sim.id}-req`,
          sim.id,
          last.stage,
          next,
          ds,
          "PENDING",
          JSON.stringify(gate),
          iso(Math.max(last.at, nowMs - random() * 12 * DAY)),
        ]);
      }
    }
    if (live && !it && i % 2 === 0)
      handoffs.push([
        `${id}-handoff`,
        id,
        "DS_TO_IT",
        ds,
        `ov-user-${t}-it0`,
        "PROPOSED",
        iso(nowMs - random() * 10 * DAY),
      ]);
    if (models.length === MODELS_PER_FLUSH) await flush();
  }
  await flush();

  // Planner statistics as a live system would have them after autovacuum.
  await db.exec("ANALYZE");
  return {
    managerId: "ov-user-0-mgr",
    itUserId: "ov-user-0-it0",
    counts,
  };
}
