import type { TCriticality } from "../gates/policy";
import type { TStage } from "../lifecycle/stages";

/**
 * The ownership warnings managers see (DESIGN.md 2.4), computed from plain rows:
 * - NO_IT_OWNER: a model in production (a version in MONITORING, or an active production deployment)
 *   without an IT owner.
 * - BUS_FACTOR_1: one person holds every role on the model — the same person is its data-science and
 *   IT owner. (A model with only a data-science owner is normal before production; once in production the
 *   missing IT owner is the NO_IT_OWNER warning.)
 * - ORPHANED: an owner (data science or IT) is deactivated.
 * - WAITING: a proposed handoff or a pending promotion request older than N days (default 5), strictly.
 */
export const WARNING_KINDS = ["NO_IT_OWNER", "ORPHANED", "BUS_FACTOR_1", "WAITING"] as const;
export type TWarningKind = (typeof WARNING_KINDS)[number];

export const WARNING_LABELS: Record<TWarningKind, string> = {
  NO_IT_OWNER: "In production without an IT owner",
  ORPHANED: "Owner deactivated",
  BUS_FACTOR_1: "One person holds every role",
  WAITING: "Waiting too long",
};

export const DEFAULT_WAITING_DAYS = 5;
const DAY_MS = 86_400_000;

export type TWarningPerson = { id: string; name: string; active: boolean };

export type TWarningModel = {
  id: string;
  slug: string;
  title: string;
  criticality: TCriticality;
  dsOwner: TWarningPerson;
  itOwner: TWarningPerson | null;
  inProduction: boolean;
};

export type TWaitingHandoff = { id: string; modelId: string; proposedAt: Date; toName: string };
export type TWaitingApproval = { id: string; modelId: string; versionNumber: number; toStage: TStage; createdAt: Date };

export type TOwnershipWarning = {
  kind: TWarningKind;
  modelId: string;
  modelSlug: string;
  modelTitle: string;
  criticality: TCriticality;
  message: string;
  /** Set on WAITING warnings about a promotion request: the version to open. */
  versionNumber: number | null;
  /** Whole days waited (WAITING only). */
  ageDays: number | null;
};

export type TWarningsInput = {
  models: TWarningModel[];
  handoffs: TWaitingHandoff[];
  approvals: TWaitingApproval[];
  now: Date;
  waitingDays?: number;
};

const KIND_RANK: Record<TWarningKind, number> = { NO_IT_OWNER: 0, ORPHANED: 1, BUS_FACTOR_1: 2, WAITING: 3 };

/** Every warning, most serious kind first, then mission-critical first, longest waits first, then by name. */
export function computeOwnershipWarnings(input: TWarningsInput): TOwnershipWarning[] {
  const waitingDays = input.waitingDays ?? DEFAULT_WAITING_DAYS;
  const limitMs = waitingDays * DAY_MS;
  const models = new Map(input.models.map((m) => [m.id, m]));
  const pendingHandoff = new Map(input.handoffs.map((h) => [h.modelId, h]));
  const out: TOwnershipWarning[] = [];
  const push = (m: TWarningModel, kind: TWarningKind, message: string, extra: Partial<TOwnershipWarning> = {}) =>
    out.push({
      kind,
      modelId: m.id,
      modelSlug: m.slug,
      modelTitle: m.title,
      criticality: m.criticality,
      message,
      versionNumber: null,
      ageDays: null,
      ...extra,
    });

  for (const m of input.models) {
    if (m.inProduction && !m.itOwner) {
      const h = pendingHandoff.get(m.id);
      push(
        m,
        "NO_IT_OWNER",
        h
          ? `In production with no IT owner; a handoff to ${h.toName} is waiting.`
          : "In production with no IT owner: propose a handoff to IT.",
      );
    }
    const gone = [m.dsOwner, m.itOwner].filter((p): p is TWarningPerson => !!p && !p.active);
    for (const p of dedupe(gone))
      push(m, "ORPHANED", `${p.name} (${p.id === m.dsOwner.id ? "data-science" : "IT"} owner) is deactivated.`);
    if (m.itOwner && m.itOwner.id === m.dsOwner.id)
      push(m, "BUS_FACTOR_1", `${m.dsOwner.name} is both the data-science and the IT owner.`);
  }
  for (const h of input.handoffs) {
    const m = models.get(h.modelId);
    const waited = input.now.getTime() - h.proposedAt.getTime();
    if (m && waited > limitMs)
      push(m, "WAITING", `Handoff to ${h.toName} waiting for ${days(waited)} days.`, {
        ageDays: Math.floor(waited / DAY_MS),
      });
  }
  for (const a of input.approvals) {
    const m = models.get(a.modelId);
    const waited = input.now.getTime() - a.createdAt.getTime();
    if (m && waited > limitMs) {
      push(m, "WAITING", `v${a.versionNumber} waiting ${days(waited)} days for approval to ${a.toStage}.`, {
        versionNumber: a.versionNumber,
        ageDays: Math.floor(waited / DAY_MS),
      });
    }
  }
  return out.sort(
    (a, b) =>
      KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
      Number(b.criticality === "MISSION_CRITICAL") - Number(a.criticality === "MISSION_CRITICAL") ||
      (b.ageDays ?? 0) - (a.ageDays ?? 0) ||
      a.modelSlug.localeCompare(b.modelSlug) ||
      (a.versionNumber ?? 0) - (b.versionNumber ?? 0),
  );
}

/** Counts per kind, every kind present (zero included). */
export function countWarnings(warnings: TOwnershipWarning[]): Record<TWarningKind, number> {
  const counts = Object.fromEntries(WARNING_KINDS.map((k) => [k, 0])) as Record<TWarningKind, number>;
  for (const w of warnings) counts[w.kind]++;
  return counts;
}

/** The first `perKind` warnings of each kind (the list is already most-serious-first); counts tell the rest. */
export function capWarningsPerKind(warnings: TOwnershipWarning[], perKind: number): TOwnershipWarning[] {
  const seen = new Map<TWarningKind, number>();
  return warnings.filter((w) => {
    const n = (seen.get(w.kind) ?? 0) + 1;
    seen.set(w.kind, n);
    return n <= perKind;
  });
}

/** One decimal: "5.9 days" must not read as "5 days" when the limit is 5. */
function days(ms: number): string {
  return (ms / DAY_MS).toFixed(1);
}

function dedupe(people: TWarningPerson[]): TWarningPerson[] {
  const seen = new Set<string>();
  return people.filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)));
}
