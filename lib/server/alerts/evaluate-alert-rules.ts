import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import { nextAlertAction, type TWatch } from "@/lib/domain/alerts/alert-lifecycle";
import {
  describeRule,
  evaluateRule,
  isMetricSpec,
  metricPeriodsFor,
  toRuleSpec,
  type TAlertKind,
  type TMetricPeriod,
  type TRuleOutcome,
  type TRuleSpec,
} from "@/lib/domain/alerts/alert-rules";
import { isSustained, shouldRequestRetraining } from "@/lib/domain/retraining/retraining";
import { appendAuditEvent, type AuditActor } from "../audit/append-audit-event";
import { openRetrainingRequest } from "../retraining/open-retraining-request";
import { enqueueEvent } from "../webhooks/enqueue-event";
import { alertOpenedText, MODEL_PLACEHOLDER } from "@/lib/domain/notifications/notification-text";
import { notifyModelOwners } from "../notifications/notify";
import { loadRuleFacts } from "./load-rule-facts";
import {
  readEvaluationState,
  readMetricAverages,
  type TEvaluationState,
  type TMetricSlot,
  type TRuleRow,
} from "./read-evaluation-state";

export const ALERT_EVALUATOR: AuditActor = { kind: "system", name: "alert evaluator" };

export type TEvaluationScope = {
  modelId: string;
  now: Date;
  /** Only rules watching this version (after its data arrived). */
  versionId?: string;
  /** Only these kinds (the ones the arrived data can change). */
  kinds?: readonly TAlertKind[];
  /** Only metric rules on these metric names (other kinds in `kinds` are kept). */
  metricNames?: readonly string[];
  /** Only when the data came from one of these environments: data from staging changes no production alert. */
  dataEnvironments?: readonly string[];
  /** Newest timestamp the caller just stored for `versionId`, per environment (spares the staleness read). */
  knownDataAt?: Readonly<Record<string, Date>>;
};

export type TEvaluationSummary = { evaluated: number; opened: number; resolved: number; retrainingRequested: number };

export const NO_EVALUATION: TEvaluationSummary = { evaluated: 0, opened: 0, resolved: 0, retrainingRequested: 0 };

type TItem = { rule: TRuleRow; spec: TRuleSpec | null; watch: TWatch; liveSince: Date | null };

// The rules each model had when this process last evaluated it: lets an ingestion read the metric averages
// those rules need in the same statement as everything else. Always verified against the rules that very
// statement returns, so a stale entry costs one more read, never a wrong answer. Bounded; per process.
const g = globalThis as unknown as { __modelgateRuleCache?: Map<string, { key: string; rules: TRuleRow[] }> };
const RULE_CACHE = (g.__modelgateRuleCache ??= new Map());
const RULE_CACHE_MAX = 10_000;

/**
 * Evaluates a model's alert rules inside the caller's transaction, so alerts, retraining requests, audit
 * rows and outbox events commit with the data or deployment that caused them. Per rule: judge
 * (lib/domain/alerts/alert-rules.ts) → lifecycle (alert-lifecycle.ts) → retraining trigger (retraining.ts).
 *
 * No lock is taken: writes are guarded by constraints instead — an alert opens with INSERT … ON CONFLICT DO
 * NOTHING on the partial unique index "one unresolved alert per rule", resolves with UPDATE … WHERE status
 * <> 'RESOLVED', a retraining request opens under "one active request per model" — and only the transaction
 * whose write took effect audits it and emits its webhook. Two evaluations racing (two ingestion batches, an
 * ingestion and the schedule, two instances) therefore never duplicate anything, and concurrent batches of one
 * model never queue behind each other. The steady state of an ingestion — nothing changes — is one statement.
 */
export async function evaluateModelAlerts(tx: Tx, scope: TEvaluationScope): Promise<TEvaluationSummary> {
  const cached = RULE_CACHE.get(scope.modelId);
  const guessed = scope.versionId && cached ? metricSlotsFor(cached.rules, scope, scope.versionId) : [];
  const state = await readEvaluationState(tx, { modelId: scope.modelId, slots: guessed.map((s) => s.slot) });
  const key = JSON.stringify(state.rules);
  remember(scope.modelId, key, state.rules);
  if (!state.rules.length && !state.unresolved.length) return NO_EVALUATION;
  if (scope.dataEnvironments && !scope.dataEnvironments.some((e) => state.environments.includes(e)))
    return NO_EVALUATION;
  const items = state.rules.map((rule) => toItem(rule, state)).filter((i) => inScope(i, scope));
  if (!items.length) return NO_EVALUATION;

  const watched = items.filter(
    (i): i is TItem & { spec: TRuleSpec; watch: Extract<TWatch, { watching: true }> } =>
      i.watch.watching && i.spec !== null,
  );
  const prefetched = await newestMetricPeriods(tx, { state, scope, guessed, guessValid: cached?.key === key, watched });
  const facts = await loadRuleFacts(tx, {
    requests: watched.map((i) => ({
      ruleId: i.rule.id,
      spec: i.spec,
      versionId: i.watch.versionId,
      liveSince: i.liveSince,
      retrain: i.rule.retrain,
    })),
    environments: state.environments,
    now: scope.now,
    knownDataAt: newestIn(scope.knownDataAt, state.environments),
    prefetched,
  });
  const currentByRule = new Map(
    state.unresolved.map((a) => [
      a.ruleId,
      { id: a.id, status: a.status, versionId: a.versionId, openedAt: a.openedAt.getTime() },
    ]),
  );

  const summary = { ...NO_EVALUATION, evaluated: items.length };
  let hasActiveRetraining: boolean | null = null;
  for (const item of items) {
    const current = currentByRule.get(item.rule.id) ?? null;
    const ruleFacts = facts.get(item.rule.id);
    const outcome: TRuleOutcome =
      item.spec && ruleFacts
        ? evaluateRule(item.spec, ruleFacts)
        : { violated: null, value: null, message: "", evidence: {}, streak: 0 };
    const action = nextAlertAction({
      current,
      watch: item.watch,
      violated: outcome.violated,
      message: outcome.message,
    });
    let alertId: string | null = action.type === "keep" ? action.alertId : null;
    if (action.type === "resolve" || action.type === "replace") {
      if (
        await resolveAlert(tx, {
          alertId: action.alertId,
          rule: item.rule,
          resolution: action.resolution,
          now: scope.now,
        })
      )
        summary.resolved++;
    }
    if ((action.type === "open" || action.type === "replace") && item.watch.watching && item.spec) {
      const opened = await openAlert(tx, {
        rule: item.rule,
        spec: item.spec,
        outcome,
        versionId: item.watch.versionId,
        versionNumber: item.watch.versionNumber,
        now: scope.now,
      });
      if (opened) summary.opened++;
      alertId = opened;
    }
    if (!item.rule.retrain || outcome.violated !== true || !alertId || !item.watch.watching) continue;
    const openedAt = action.type === "keep" && current ? current.openedAt : scope.now.getTime();
    const sustained = isSustained({
      violated: outcome.violated,
      streak: outcome.streak,
      alertOpenedAt: openedAt,
      now: scope.now.getTime(),
    });
    if (!sustained) continue;
    hasActiveRetraining ??=
      (await tx.retrainingRequest.count({
        where: { modelId: scope.modelId, status: { in: ["OPEN", "IN_PROGRESS"] } },
      })) > 0;
    if (!shouldRequestRetraining({ retrain: item.rule.retrain, sustained, hasActiveRequest: hasActiveRetraining }))
      continue;
    const requested = await openRetrainingRequest(tx, {
      modelId: scope.modelId,
      alertId,
      evidence: {
        rule: {
          id: item.rule.id,
          name: item.rule.name,
          kind: item.rule.kind,
          summary: item.spec ? describeRule(item.spec) : "",
        },
        version: { id: item.watch.versionId, number: item.watch.versionNumber },
        alertId,
        alertOpenedAt: new Date(openedAt).toISOString(),
        message: outcome.message,
        value: outcome.value,
        streak: outcome.streak,
        ...outcome.evidence,
      },
      now: scope.now,
    });
    hasActiveRetraining = true;
    if (requested) summary.retrainingRequested++;
  }
  return summary;
}

/** Every model with alert rules, in the caller's transaction (the demo seed; tests). */
export async function evaluateAllModelAlerts(tx: Tx, now: Date): Promise<TEvaluationSummary> {
  const models = await tx.alertRule.findMany({
    distinct: ["modelId"],
    select: { modelId: true },
    orderBy: { modelId: "asc" },
  });
  const total = { ...NO_EVALUATION };
  for (const { modelId } of models) addInto(total, await evaluateModelAlerts(tx, { modelId, now }));
  return total;
}

export function addInto(total: TEvaluationSummary, s: TEvaluationSummary): void {
  total.evaluated += s.evaluated;
  total.opened += s.opened;
  total.resolved += s.resolved;
  total.retrainingRequested += s.retrainingRequested;
}

function remember(modelId: string, key: string, rules: TRuleRow[]): void {
  if (RULE_CACHE.size >= RULE_CACHE_MAX && !RULE_CACHE.has(modelId)) RULE_CACHE.clear();
  RULE_CACHE.set(modelId, { key, rules });
}

/** On ingestion: the newest period of every metric rule that may watch the version whose data arrived. */
function metricSlotsFor(
  rules: TRuleRow[],
  scope: TEvaluationScope,
  versionId: string,
): { ruleId: string; slot: TMetricSlot }[] {
  const out: { ruleId: string; slot: TMetricSlot }[] = [];
  for (const rule of rules) {
    if (
      !rule.enabled ||
      (rule.versionId && rule.versionId !== versionId) ||
      (scope.kinds && !scope.kinds.includes(rule.kind))
    )
      continue;
    const spec = toRuleSpec(rule.kind, rule.config);
    if (!spec || !isMetricSpec(spec) || (scope.metricNames && !scope.metricNames.includes(spec.config.metric)))
      continue;
    out.push({
      ruleId: rule.id,
      slot: { versionId, metric: spec.config.metric, ...metricPeriodsFor(spec.config, scope.now.getTime(), 1)[0]! },
    });
  }
  return out;
}

/**
 * The newest metric periods read with the state, when the guess (made from the cached rules) still matches
 * the rules; otherwise read now for the rules as they are. Only used for slots of the version watched.
 */
async function newestMetricPeriods(
  tx: Tx,
  o: {
    state: TEvaluationState;
    scope: TEvaluationScope;
    guessed: { ruleId: string; slot: TMetricSlot }[];
    guessValid: boolean;
    watched: (TItem & { watch: Extract<TWatch, { watching: true }> })[];
  },
): Promise<Map<string, TMetricPeriod>> {
  const out = new Map<string, TMetricPeriod>();
  if (!o.scope.versionId) return out;
  let slots = o.guessed;
  let averages = o.state.averages;
  if (!o.guessValid) {
    slots = metricSlotsFor(o.state.rules, o.scope, o.scope.versionId);
    averages = await readMetricAverages(
      tx,
      slots.map((s) => s.slot),
    );
  }
  slots.forEach((s, i) => {
    if (o.watched.some((w) => w.rule.id === s.ruleId && w.watch.versionId === s.slot.versionId))
      out.set(s.ruleId, { from: s.slot.from, to: s.slot.to, ...averages[i]! });
  });
  return out;
}

function newestIn(known: Readonly<Record<string, Date>> | undefined, environments: string[]): Date | null {
  const times = environments.map((e) => known?.[e]?.getTime()).filter((t): t is number => t !== undefined);
  return times.length ? new Date(Math.max(...times)) : null;
}

function toItem(rule: TRuleRow, state: TEvaluationState): TItem {
  const spec = toRuleSpec(rule.kind, rule.config);
  if (!rule.enabled)
    return { rule, spec, watch: { watching: false, reason: "The rule was disabled." }, liveSince: null };
  if (!spec)
    return {
      rule,
      spec,
      watch: { watching: false, reason: "The rule's configuration is invalid; fix it to watch again." },
      liveSince: null,
    };
  const live = rule.versionId ? state.live.get(rule.versionId) : state.primary;
  if (!live) {
    const reason = rule.versionId
      ? "The version this rule watches is no longer live in production."
      : "Nothing of this model is live in production.";
    return { rule, spec, watch: { watching: false, reason }, liveSince: null };
  }
  return {
    rule,
    spec,
    watch: { watching: true, versionId: live.versionId, versionNumber: live.number },
    liveSince: live.deployedAt,
  };
}

function inScope(item: TItem, scope: TEvaluationScope): boolean {
  if (scope.kinds && !scope.kinds.includes(item.rule.kind)) return false;
  // Rules that watch nothing, or another version, are left to the schedule and to deployment changes.
  if (scope.versionId && !(item.watch.watching && item.watch.versionId === scope.versionId)) return false;
  if (scope.metricNames && item.spec && isMetricSpec(item.spec) && !scope.metricNames.includes(item.spec.config.metric))
    return false;
  return true;
}

/** Opens the rule's alert unless another transaction just did; returns its id, or null when it lost the race. */
async function openAlert(
  tx: Tx,
  o: { rule: TRuleRow; spec: TRuleSpec; outcome: TRuleOutcome; versionId: string; versionNumber: number; now: Date },
): Promise<string | null> {
  const evidence = {
    summary: describeRule(o.spec),
    value: o.outcome.value,
    streak: o.outcome.streak,
    version: o.versionNumber,
    ...o.outcome.evidence,
  };
  const message = `v${o.versionNumber}: ${o.outcome.message}`;
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO alerts (id, "ruleId", "modelId", "versionId", status, severity, message, evidence, "openedAt")
    VALUES (${randomUUID()}, ${o.rule.id}, ${o.rule.modelId}, ${o.versionId}, 'OPEN', ${o.rule.severity}::"Severity", ${message}, ${JSON.stringify(evidence)}::jsonb, ${o.now.toISOString()}::timestamptz)
    ON CONFLICT ("ruleId") WHERE status <> 'RESOLVED' DO NOTHING
    RETURNING id`;
  if (!row) return null;
  await appendAuditEvent(tx, {
    actor: ALERT_EVALUATOR,
    action: "alert.opened",
    entityType: "alert",
    entityId: row.id,
    modelId: o.rule.modelId,
    after: { ruleId: o.rule.id, rule: o.rule.name, severity: o.rule.severity, message, versionId: o.versionId },
  });
  // The model's owners are told (issue 17); the slug is filled in by the insert, which reads the model row.
  await notifyModelOwners(
    tx,
    o.rule.modelId,
    alertOpenedText({
      modelId: o.rule.modelId,
      modelSlug: MODEL_PLACEHOLDER,
      rule: o.rule.name,
      severity: o.rule.severity,
      message,
    }),
    { actorId: null, actorLabel: ALERT_EVALUATOR.name },
  );
  await enqueueEvent(tx, "alert.opened", {
    alertId: row.id,
    ruleId: o.rule.id,
    rule: o.rule.name,
    kind: o.rule.kind,
    severity: o.rule.severity,
    modelId: o.rule.modelId,
    versionId: o.versionId,
    version: o.versionNumber,
    message,
    evidence,
  });
  return row.id;
}

/** Resolves the alert unless it is resolved already; true when this transaction resolved it. */
async function resolveAlert(
  tx: Tx,
  o: { alertId: string; rule: TRuleRow; resolution: string; now: Date },
): Promise<boolean> {
  const [a] = await tx.$queryRaw<{ versionId: string | null; message: string }[]>`
    UPDATE alerts SET status = 'RESOLVED', "resolvedAt" = ${o.now.toISOString()}::timestamptz, resolution = ${o.resolution}
    WHERE id = ${o.alertId} AND status <> 'RESOLVED'
    RETURNING "versionId", message`;
  if (!a) return false;
  await appendAuditEvent(tx, {
    actor: ALERT_EVALUATOR,
    action: "alert.resolved",
    entityType: "alert",
    entityId: o.alertId,
    modelId: o.rule.modelId,
    after: { ruleId: o.rule.id, resolution: o.resolution },
  });
  await enqueueEvent(tx, "alert.resolved", {
    alertId: o.alertId,
    ruleId: o.rule.id,
    rule: o.rule.name,
    kind: o.rule.kind,
    severity: o.rule.severity,
    modelId: o.rule.modelId,
    versionId: a.versionId,
    message: a.message,
    resolution: o.resolution,
  });
  return true;
}
