/**
 * Writes the demo portfolio (demo-portfolio.ts) into an empty database, in one transaction: either the
 * whole demo is there or none of it. Called at start-up when the database has no users, and by
 * `npm run db:seed`.
 */
import type { Db, Tx } from "@/lib/db/client";
import { DEMO_MODEL_CARDS } from "./demo-model-cards";
import { defaultGateRequirements, revisedGateRequirements, type TCriticality } from "@/lib/domain/gates/policy";
import { validateImportance } from "@/lib/domain/importance/feature-importance";
import { LIFECYCLE, type TStage } from "@/lib/domain/lifecycle/stages";
import { DATASET_DRIFT_SHARE } from "@/lib/domain/drift";
import { analyzeWindow, referenceCategories } from "@/lib/domain/monitoring/analyze-window";
import { defaultHealthRules } from "@/lib/domain/monitoring/health";
import { summarizeColumns } from "@/lib/domain/monitoring/summarize-columns";
import { validateBatch } from "@/lib/domain/monitoring/validate-batch";
import { MAX_DATASET_ROWS } from "@/lib/schemas/monitoring";
import { evaluateAllModelAlerts } from "@/lib/server/alerts/evaluate-alert-rules";
import { appendAuditEvent, type AuditActor } from "@/lib/server/audit/append-audit-event";
import { hashPassword } from "@/lib/server/auth/password";
import { takeBootstrapLock } from "@/lib/server/setup/first-admin";
import { insertMetricPoints } from "@/lib/server/monitoring/insert-metric-points";
import { refreshVersionHealth } from "@/lib/server/monitoring/refresh-version-health";
import { storeReference } from "@/lib/server/monitoring/store-reference";
import { storeImportance } from "@/lib/server/importance/store-importance";
import { storeWindow } from "@/lib/server/monitoring/store-window";
import { gateInputOf, loadPromotionFacts } from "@/lib/server/promotions/load-promotion-facts";
import { EMPTY_GATE_REQUIREMENTS } from "@/lib/domain/gates/policy";
import { evaluateGate } from "@/lib/domain/gates/evaluate-gate";
import { generateMonitoringData, isMonitoredDemoModel, WINDOW_DAYS } from "./demo-monitoring";
import { generateMetricSeries, type SeriesShape } from "./metric-series";
import {
  createRng,
  DEMO_MODELS,
  DEMO_PASSWORD,
  DEMO_TEAMS,
  DEMO_USERS,
  type DemoModel,
  type DemoVersion,
} from "./demo-portfolio";

const DAY = 86_400_000;
const SEED_ACTOR: AuditActor = { kind: "system", name: "demo seed" };

export type SeedSummary = {
  teams: number;
  users: number;
  models: number;
  versions: number;
  metricPoints: number;
  sampleWindows: number;
};

/** True when the database holds no users yet (a fresh install). */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  return (await db.user.count()) === 0;
}

/**
 * Seeds the demo once, whatever the number of instances starting together: the transaction takes the
 * bootstrap advisory lock and re-checks emptiness under it. The loser waits for the winner's commit, finds
 * users and returns null ("already seeded"), then carries on starting.
 */
export async function seedDemoPortfolio(db: Db, now = new Date()): Promise<SeedSummary | null> {
  // Hash once outside the transaction: scrypt is deliberately slow.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.$transaction(
    async (tx) => {
      await takeBootstrapLock(tx);
      if (await tx.user.findFirst({ select: { id: true } })) return null;
      return writeDemo(tx, passwordHash, floorToHour(now));
    },
    { timeout: 300_000, maxWait: 60_000 },
  );
}

function floorToHour(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
}

async function writeDemo(tx: Tx, passwordHash: string, now: Date): Promise<SeedSummary> {
  const rng = createRng(20261123);
  const teamIds = new Map<string, string>();
  for (const t of DEMO_TEAMS) {
    const row = await tx.team.create({
      data: { slug: t.slug, name: t.name, description: t.description },
      select: { id: true },
    });
    teamIds.set(t.slug, row.id);
  }
  const userIds = new Map<string, string>();
  for (const u of DEMO_USERS) {
    const active = u.active ?? true;
    const row = await tx.user.create({
      data: {
        email: u.email,
        name: u.name,
        roles: u.roles,
        passwordHash,
        active,
        deactivatedAt: active ? null : new Date(now.getTime() - 20 * DAY),
        teamId: teamIds.get(u.team)!,
      },
      select: { id: true },
    });
    userIds.set(u.key, row.id);
  }
  const uid = (key: string) => userIds.get(key)!;

  const envs = {
    staging: await tx.environment.create({
      data: { name: "staging", description: "Pre-production, mirrors production traffic shape." },
    }),
    production: await tx.environment.create({
      data: { name: "production", description: "Customer-facing serving.", isProduction: true },
    }),
  };

  for (const stage of ["INDUSTRIALIZATION", "UAT", "DEPLOYMENT", "MONITORING"] as const) {
    for (const criticality of ["INTERNAL", "MISSION_CRITICAL"] as TCriticality[]) {
      await tx.gatePolicy.create({
        data: {
          targetStage: stage,
          criticality,
          version: 1,
          requirements: defaultGateRequirements(stage, criticality)!,
          note: "Default policy (DESIGN.md 2.3)",
        },
      });
      // Later revisions of the defaults (issue 19: feature importance for mission-critical UAT) become version 2.
      const revised = revisedGateRequirements(stage, criticality);
      if (revised) {
        await tx.gatePolicy.updateMany({
          where: { targetStage: stage, criticality, isCurrent: true },
          data: { isCurrent: false },
        });
        await tx.gatePolicy.create({
          data: { targetStage: stage, criticality, version: 2, requirements: revised.requirements, note: revised.note },
        });
      }
    }
  }
  const policyId = async (stage: TStage, criticality: TCriticality) =>
    (
      await tx.gatePolicy.findFirst({
        where: { targetStage: stage, criticality, isCurrent: true },
        select: { id: true },
      })
    )?.id ?? null;

  let versionCount = 0;
  let metricPoints = 0;
  let sampleWindows = 0;
  const pendingRequests: { id: string; versionId: string; requesterId: string; policyId: string | null }[] = [];
  for (const m of DEMO_MODELS) {
    const firstAge = Math.max(...m.versions.map((v) => v.ageDays));
    const createdAt = new Date(now.getTime() - (firstAge + 7) * DAY);
    const model = await tx.model.create({
      data: {
        slug: m.slug,
        title: m.title,
        description: m.description,
        problemType: m.problemType,
        criticality: m.criticality,
        teamId: teamIds.get(m.team)!,
        dsOwnerId: uid(m.dsOwner),
        itOwnerId: m.itOwner ? uid(m.itOwner) : null,
        tags: m.tags,
        approvedFeatures: m.approvedFeatures ?? [],
        ...(DEMO_MODEL_CARDS[m.slug]
          ? { modelCard: DEMO_MODEL_CARDS[m.slug], modelCardUpdatedAt: createdAt, modelCardUpdatedById: uid(m.dsOwner) }
          : {}),
        versionCounter: m.versions.length,
        createdById: uid(m.dsOwner),
        createdAt,
      },
    });
    await tx.ownershipHistory.create({
      data: {
        modelId: model.id,
        teamId: model.teamId,
        dsOwnerId: model.dsOwnerId,
        itOwnerId: null,
        changedById: uid(m.dsOwner),
        reason: "Model registered",
        createdAt,
      },
    });
    await appendAuditEvent(tx, {
      actor: SEED_ACTOR,
      action: "model.created",
      entityType: "model",
      entityId: model.id,
      modelId: model.id,
      after: { slug: m.slug, criticality: m.criticality },
    });

    const timelines = m.versions.map((v) => versionTimeline(v, now));
    const liveIdx = m.versions.findIndex((v) => v.production === "active");
    // A superseded production version stops serving the moment its successor goes live.
    const liveStart = liveIdx >= 0 ? timelines[liveIdx]!.enteredLast : null;

    let liveVersionId: string | null = null;
    for (const [i, v] of m.versions.entries()) {
      const t = timelines[i]!;
      const version = await tx.modelVersion.create({
        data: {
          modelId: model.id,
          number: i + 1,
          stage: v.stage,
          status: v.pending ? "IN_REVIEW" : "READY",
          description: `${m.title} v${i + 1} (${v.framework}).`,
          artifactUri: `s3://modelgate-artifacts/${m.slug}/v${i + 1}/model.tar.gz`,
          framework: v.framework,
          gitCommit: hex(rng, 40),
          trainingDataset: `s3://datalake/${m.team}/${m.slug}/train-${isoDay(t.created)}.parquet`,
          parameters: {
            learning_rate: +(0.01 + rng() * 0.09).toFixed(3),
            max_depth: 3 + Math.floor(rng() * 6),
            seed: 42,
          },
          metrics: v.metrics,
          featureSchema: m.features,
          createdById: uid(m.dsOwner),
          createdAt: t.created,
          stageChangedAt: t.enteredLast,
        },
      });
      versionCount++;
      await appendAuditEvent(tx, {
        actor: SEED_ACTOR,
        action: "version.registered",
        entityType: "version",
        entityId: version.id,
        modelId: model.id,
        after: { number: i + 1, stage: v.stage },
      });
      if (v.importance) {
        const checked = validateImportance(
          v.importance,
          m.features.map((f) => f.name),
        );
        if (!checked.ok)
          throw new Error(
            `demo importance of ${m.slug} v${i + 1} is invalid: ${checked.errors[0]!.path} ${checked.errors[0]!.message}`,
          );
        await storeImportance(tx, {
          versionId: version.id,
          importance: checked.importance,
          source: "seed",
          actorId: uid(m.dsOwner),
        });
        await appendAuditEvent(tx, {
          actor: SEED_ACTOR,
          action: "version.importance_recorded",
          entityType: "version",
          entityId: version.id,
          modelId: model.id,
          before: null,
          after: { method: checked.importance.method, values: checked.importance.values, segments: [] },
          metadata: { via: "seed" },
        });
      }
      for (const h of t.history) {
        await tx.stageHistory.create({
          data: {
            versionId: version.id,
            fromStage: h.from,
            toStage: h.to,
            actorId: uid(m.dsOwner),
            enteredAt: h.at,
            reason: h.from ? "Promotion applied" : "Registered",
          },
        });
      }
      for (const [name, status] of Object.entries(v.checks ?? {})) {
        await tx.checkResult.create({
          data: {
            versionId: version.id,
            name,
            status,
            url: `https://ci.example.com/${m.slug}/v${i + 1}/${name}`,
            createdAt: new Date(t.created.getTime() + DAY),
          },
        });
      }
      if (v.staging) {
        await tx.deployment.create({
          data: {
            modelId: model.id,
            versionId: version.id,
            environmentId: envs.staging.id,
            deployedById: uid("emma"),
            deployedAt: t.enteredLast,
          },
        });
      }
      if (v.production) {
        const start = v.production === "active" ? t.enteredLast : (t.enteredMonitoring ?? t.enteredLast);
        const end = v.production === "superseded" ? (liveStart ?? t.archived ?? now) : null;
        await tx.deployment.create({
          data: {
            modelId: model.id,
            versionId: version.id,
            environmentId: envs.production.id,
            status: v.production === "active" ? "ACTIVE" : "SUPERSEDED",
            deployedById: uid(m.itOwner ?? "david"),
            deployedAt: start,
            endedAt: end,
          },
        });
        if (v.production === "active") liveVersionId = version.id;
        metricPoints += await writeMetricSeries(tx, {
          model: m,
          version: v,
          versionId: version.id,
          from: start,
          to: end ?? now,
          now,
          live: v.production === "active",
          seed: versionCount,
        });
        if (v.production === "active" && isMonitoredDemoModel(m.slug)) {
          sampleWindows += await writeMonitoringData(tx, {
            model: m,
            version: v,
            versionId: version.id,
            modelId: model.id,
            registeredAt: new Date(t.created.getTime() + DAY),
            createdById: uid(m.dsOwner),
            now,
          });
        }
      }
      if (v.pending) {
        const next = LIFECYCLE[LIFECYCLE.indexOf(v.stage) + 1]!;
        const req = await tx.transitionRequest.create({
          data: {
            versionId: version.id,
            fromStage: v.stage,
            toStage: next,
            requesterId: uid(v.pending.requester),
            justification: v.pending.justification,
            gatePolicyId: await policyId(next, m.criticality),
            createdAt: new Date(now.getTime() - Math.min(v.ageDays, 6) * DAY + 3_600_000),
          },
        });
        for (const approver of v.pending.approvedBy ?? []) {
          const role = DEMO_USERS.find((u) => u.key === approver)!.roles[0]!;
          await tx.approval.create({
            data: {
              requestId: req.id,
              approverId: uid(approver),
              role,
              decision: "APPROVE",
              comment: "Reviewed, looks good.",
              createdAt: new Date(req.createdAt.getTime() + DAY),
            },
          });
        }
        await appendAuditEvent(tx, {
          actor: SEED_ACTOR,
          action: "promotion.requested",
          entityType: "transition_request",
          entityId: req.id,
          modelId: model.id,
          after: { from: v.stage, to: next },
        });
        pendingRequests.push({
          id: req.id,
          versionId: version.id,
          requesterId: uid(v.pending.requester),
          policyId: req.gatePolicyId,
        });
      }
    }
    const firstLive = timelines
      .map((t) => t.enteredMonitoring)
      .filter((d): d is Date => !!d)
      .sort((a, b) => a.getTime() - b.getTime())[0];
    if (m.itOwner) {
      const acceptedAt = new Date((firstLive ?? new Date(createdAt.getTime() + 30 * DAY)).getTime() - DAY);
      const handoff = await tx.handoff.create({
        data: {
          modelId: model.id,
          direction: "DS_TO_IT",
          fromUserId: uid(m.dsOwner),
          toUserId: uid(m.itOwner),
          checklist: handoffChecklist(m.slug),
          status: "ACCEPTED",
          proposedAt: new Date(acceptedAt.getTime() - 2 * DAY),
          decidedAt: acceptedAt,
        },
      });
      await tx.ownershipHistory.create({
        data: {
          modelId: model.id,
          teamId: model.teamId,
          dsOwnerId: model.dsOwnerId,
          itOwnerId: uid(m.itOwner),
          handoffId: handoff.id,
          changedById: uid(m.itOwner),
          reason: "Handoff accepted",
          createdAt: acceptedAt,
        },
      });
    }
    if (m.handoff) {
      await tx.handoff.create({
        data: {
          modelId: model.id,
          direction: "DS_TO_IT",
          fromUserId: uid(m.handoff.from),
          toUserId: uid(m.handoff.to),
          checklist: handoffChecklist(m.slug),
          message: "First production deployment is live; please take over operations.",
          proposedAt: new Date(now.getTime() - 3 * DAY),
        },
      });
    }
    if (liveVersionId) {
      for (const rule of alertRulesFor(m)) await tx.alertRule.create({ data: { modelId: model.id, ...rule } });
      // The same rule as ingestion: latest production window combined with the last 24 h of metrics.
      await refreshVersionHealth(tx, { versionId: liveVersionId, modelId: model.id, problemType: m.problemType, now });
    }
  }
  // Judge every pending request once everything it depends on exists, as the app does when a request is made.
  for (const r of pendingRequests) {
    const facts = (await loadPromotionFacts(tx, { versionId: r.versionId, request: { id: r.id } }))!;
    const requirements =
      facts.request?.gatePolicyId && facts.policy ? facts.policy.requirements : EMPTY_GATE_REQUIREMENTS;
    const gate = evaluateGate(
      gateInputOf(facts, { requirements, requesterId: r.requesterId, approvals: facts.request?.approvals ?? [] }),
    );
    await tx.transitionRequest.update({ where: { id: r.id }, data: { gateSnapshot: gate } });
  }
  // Evaluate the alert rules once over the history just written, as the scheduled pass would: the drift
  // episode opens credit-default-scoring's alerts and, its AUC rule being sustained, a retraining request.
  await evaluateAllModelAlerts(tx, now);
  return {
    teams: DEMO_TEAMS.length,
    users: DEMO_USERS.length,
    models: DEMO_MODELS.length,
    versions: versionCount,
    metricPoints,
    sampleWindows,
  };
}

type Timeline = {
  created: Date;
  history: { from: TStage | null; to: TStage; at: Date }[];
  enteredLast: Date;
  enteredMonitoring: Date | null;
  archived: Date | null;
};

/** Replays stageDays into dated stage entries: DESIGN at registration, then each listed stage's duration. */
function versionTimeline(v: DemoVersion, now: Date): Timeline {
  const created = new Date(now.getTime() - v.ageDays * DAY);
  const history: Timeline["history"] = [{ from: null, to: "DESIGN", at: created }];
  let at = created.getTime();
  const target = v.stage;
  const days = v.stageDays ?? [];
  const forward = target === "ARCHIVED" ? days.length - 1 : LIFECYCLE.indexOf(target);
  let enteredMonitoring: Date | null = null;
  for (let i = 0; i < forward; i++) {
    at += (days[i] ?? 1) * DAY;
    const to = LIFECYCLE[i + 1]!;
    history.push({ from: LIFECYCLE[i]!, to, at: new Date(at) });
    if (to === "MONITORING") enteredMonitoring = new Date(at);
  }
  let archived: Date | null = null;
  if (target === "ARCHIVED") {
    at += (days[days.length - 1] ?? 1) * DAY;
    archived = new Date(Math.min(at, now.getTime() - DAY));
    history.push({ from: LIFECYCLE[Math.max(forward, 0)]!, to: "ARCHIVED", at: archived });
  }
  return { created, history, enteredLast: history[history.length - 1]!.at, enteredMonitoring, archived };
}

async function writeMetricSeries(
  tx: Tx,
  o: {
    model: DemoModel;
    version: DemoVersion;
    versionId: string;
    from: Date;
    to: Date;
    now: Date;
    live: boolean;
    seed: number;
  },
): Promise<number> {
  const start = new Date(Math.max(o.from.getTime(), o.now.getTime() - 90 * DAY));
  if (start >= o.to) return 0;
  const shape: SeriesShape = o.live ? (o.model.series ?? "stable") : "stable";
  const points = generateMetricSeries({
    problemType: o.model.problemType,
    offline: o.version.metrics,
    shape,
    from: start,
    to: o.to,
    now: o.now,
    seed: o.seed * 7919,
  });
  return insertMetricPoints(
    tx,
    points.map((p) => ({ versionId: o.versionId, environment: "production", name: p.name, value: p.value, ts: p.ts })),
  );
}

/**
 * The live version's reference dataset and its daily production windows (demo-monitoring.ts), validated,
 * analysed and stored by the same code as the ingestion API (pure core + storeReference/storeWindow).
 */
async function writeMonitoringData(
  tx: Tx,
  o: {
    model: DemoModel;
    version: DemoVersion;
    versionId: string;
    modelId: string;
    registeredAt: Date;
    createdById: string;
    now: Date;
  },
): Promise<number> {
  const { features: schema, problemType } = o.model;
  const data = generateMonitoringData(o.model, o.version.metrics);
  const reference = validateBatch(schema, data.reference, { maxRows: MAX_DATASET_ROWS, problemType });
  if (reference.fatal.length)
    throw new Error(`demo reference of ${o.model.slug} is invalid: ${reference.fatal[0]!.message}`);
  const summary = summarizeColumns(schema, reference.batch);
  await storeReference(tx, {
    versionId: o.versionId,
    batch: reference.batch,
    rowCount: reference.rowCount,
    summary,
    createdById: o.createdById,
    createdAt: o.registeredAt,
  });
  await appendAuditEvent(tx, {
    actor: SEED_ACTOR,
    action: "monitoring.reference_registered",
    entityType: "version",
    entityId: o.versionId,
    modelId: o.modelId,
    after: { rowCount: reference.rowCount, columns: summary.map((c) => c.name) },
  });
  const knownCategories = referenceCategories(schema, reference.batch);
  const healthRules = defaultHealthRules(problemType);
  for (const [day, rows] of data.windows.entries()) {
    const windowEnd = new Date(o.now.getTime() - (WINDOW_DAYS - 1 - day) * DAY);
    const checked = validateBatch(schema, rows, { maxRows: MAX_DATASET_ROWS, problemType, knownCategories });
    if (checked.fatal.length)
      throw new Error(`demo window ${day} of ${o.model.slug} is invalid: ${checked.fatal[0]!.message}`);
    const analysis = analyzeWindow({
      schema,
      reference: reference.batch,
      window: checked.batch,
      problemType,
      datasetDriftThreshold: DATASET_DRIFT_SHARE,
      healthRules,
    });
    await storeWindow(tx, {
      versionId: o.versionId,
      environment: "production",
      windowStart: new Date(windowEnd.getTime() - DAY),
      windowEnd,
      batch: checked.batch,
      rowCount: checked.rowCount,
      findings: checked.findings,
      analysis,
      importance: o.version.importance?.values ?? null,
      createdAt: windowEnd,
    });
  }
  return data.windows.length;
}

function alertRulesFor(m: DemoModel) {
  const quality =
    m.problemType === "CLASSIFICATION"
      ? {
          name: "AUC below 0.75 over 24 h",
          kind: "METRIC_THRESHOLD" as const,
          config: { metric: "auc", op: "<", value: 0.75, windowHours: 24 },
          severity: "CRITICAL" as const,
          retrain: true,
        }
      : {
          name: "R² below 0.45 over 24 h",
          kind: "METRIC_THRESHOLD" as const,
          config: { metric: "r2", op: "<", value: 0.45, windowHours: 24 },
          severity: "CRITICAL" as const,
          retrain: true,
        };
  return [
    quality,
    {
      name: "Dataset drift",
      kind: "DATASET_DRIFT" as const,
      config: { share: 0.5 },
      severity: "WARNING" as const,
      retrain: true,
    },
    {
      name: "p95 latency above 250 ms",
      kind: "LATENCY" as const,
      config: { metric: "latency_p95_ms", op: ">", value: 250, windowHours: 1 },
      severity: "WARNING" as const,
      retrain: false,
    },
    {
      name: "No data for 6 hours",
      kind: "STALENESS" as const,
      config: { hours: 6 },
      severity: "WARNING" as const,
      retrain: false,
    },
    // Issue 19: drift weighted by the live version's feature importances, so drift on a feature the model barely uses does not page.
    {
      name: "Importance-weighted drift above 0.2",
      kind: "WEIGHTED_DRIFT" as const,
      config: { value: 0.2 },
      severity: "WARNING" as const,
      retrain: false,
    },
  ];
}

function handoffChecklist(slug: string) {
  return {
    runbook: `https://wiki.example.com/runbooks/${slug}`,
    monitoringAgreed: "AUC and latency thresholds agreed in the handoff meeting; alert rules configured in Modelgate.",
    rollbackPlan:
      "Roll back to the previous production version from the model page; no schema change between versions.",
    retrainingStrategy: "Quarterly retraining, or on a sustained drift alert.",
    onCall: "ml-platform on-call rotation (#ml-oncall)",
    knownLimitations: "Not validated for applicants with less than 6 months of history.",
  };
}

function hex(rng: () => number, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += Math.floor(rng() * 16).toString(16);
  return s;
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
