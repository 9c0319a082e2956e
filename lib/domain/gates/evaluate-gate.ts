import type { TRole } from "../rbac/permissions";
import {
  approvedTopFeaturesRequirement,
  featureImportanceRequirement,
  type TImportanceGateFacts,
} from "./importance-gate";
import { modelCardRequirement } from "../model-cards/model-card";
import { compareWithChampion } from "./champion";
import type { TComparator, TCriticality, TGateRequirements, TProblemType } from "./policy";

export type TGateInput = {
  requirements: TGateRequirements;
  model: { criticality: TCriticality; problemType: TProblemType; dsOwnerId: string };
  version: {
    createdById: string | null;
    artifactUri: string;
    framework: string;
    gitCommit: string;
    trainingDataset: string;
    featureCount: number;
    metrics: Record<string, number>;
    /** The manifest digest of the version's stored files (issue 20); null when its source lies outside the store. */
    artifactDigest?: string | null;
  };
  requesterId: string;
  requesterRoles: readonly TRole[];
  approvals: {
    approverId: string;
    approverName: string;
    approverActive: boolean;
    approverRoles: readonly TRole[];
    decision: "APPROVE" | "REJECT";
  }[];
  /** Latest status of each reported check. */
  checks: Record<string, "PASS" | "FAIL" | "RUNNING" | "SKIPPED">;
  hasReferenceDataset: boolean;
  champion: { versionNumber: number; metrics: Record<string, number> } | null;
  hasActiveProductionDeployment: boolean;
  alertRuleCount: number;
  handoffToItAccepted: boolean;
  /** The version's importances (null or absent: none) and the model's approved features (absent: none). */
  importance?: TImportanceGateFacts["importance"];
  approvedFeatures?: readonly string[];
  /** The model's card (issue 17); absent or "" when it has none. */
  modelCard?: string;
};

export type TRequirementResult = { key: string; label: string; met: boolean; detail: string };

export type TGateResult = {
  open: boolean;
  requirements: TRequirementResult[];
  /** Who fills which approval slot (each person at most once). */
  countedApprovers: { approverId: string; role: TRole }[];
  /** The artifact digest of what was judged: the checklist (and the request's snapshot) records it. */
  artifactDigest?: string | null;
};

const compare = (v: number, op: TComparator, t: number) =>
  op === ">=" ? v >= t : op === ">" ? v > t : op === "<=" ? v <= t : v < t;

/**
 * Judges a promotion against its policy and returns every requirement with met / not met and why, so
 * the UI can show a checklist and the use case can apply the move the moment everything is met.
 * Pure: all facts come in through `input`.
 */
export function evaluateGate(input: TGateInput): TGateResult {
  const r = input.requirements;
  const out: TRequirementResult[] = [];

  if (r.ownerMustRequest) {
    const ok = input.requesterId === input.model.dsOwnerId || input.requesterRoles.includes("ADMIN");
    out.push({
      key: "owner-request",
      label: "Requested by the model's data-science owner",
      met: ok,
      detail: ok
        ? "Requested by the owner."
        : "Only the data-science owner (or an administrator) may request this move.",
    });
  }

  for (const field of r.requiredMetadata) {
    const v = input.version;
    const present =
      field === "featureSchema"
        ? v.featureCount > 0
        : field === "metrics"
          ? Object.keys(v.metrics).length > 0
          : v[field].trim().length > 0;
    out.push({
      key: `metadata:${field}`,
      label: `Metadata: ${METADATA_LABELS[field]}`,
      met: present,
      detail: present ? "Present." : `Missing ${METADATA_LABELS[field].toLowerCase()}.`,
    });
  }

  for (const t of r.metricThresholds) {
    if (t.problemType && t.problemType !== input.model.problemType) continue;
    const v = input.version.metrics[t.metric];
    const met = v !== undefined && Number.isFinite(v) && compare(v, t.op, t.value);
    out.push({
      key: `metric:${t.metric}`,
      label: `${t.metric} ${t.op} ${t.value}`,
      met,
      detail:
        v === undefined
          ? `The version reports no "${t.metric}" metric.`
          : `${t.metric} = ${v}${met ? "" : ` does not satisfy ${t.op} ${t.value}`}.`,
    });
  }

  for (const name of r.requiredChecks) {
    const status = input.checks[name];
    out.push({
      key: `check:${name}`,
      label: `Check "${name}" passed`,
      met: status === "PASS",
      detail: status ? `Latest result: ${status}.` : "Not reported yet.",
    });
  }

  if (r.requireReferenceDataset) {
    out.push({
      key: "reference-dataset",
      label: "Reference dataset registered",
      met: input.hasReferenceDataset,
      detail: input.hasReferenceDataset
        ? "Registered."
        : "Upload the training/reference data so drift can be monitored.",
    });
  }

  if (r.champion) out.push(championRequirement(input, r.champion));

  const importance: TImportanceGateFacts = {
    importance: input.importance ?? null,
    approvedFeatures: input.approvedFeatures ?? [],
  };
  if (r.requireFeatureImportance) out.push(featureImportanceRequirement(importance));
  if (r.approvedTopFeatures) out.push(approvedTopFeaturesRequirement(importance, r.approvedTopFeatures.topN));
  if (r.requireModelCard) out.push(modelCardRequirement(input.modelCard ?? ""));

  if (r.requireActiveDeployment) {
    out.push({
      key: "active-deployment",
      label: "Active production deployment",
      met: input.hasActiveProductionDeployment,
      detail: input.hasActiveProductionDeployment
        ? "Deployed to production."
        : "Record the production deployment of this version first.",
    });
  }
  if (r.requireAlertRules) {
    const ok = input.alertRuleCount > 0;
    out.push({
      key: "alert-rules",
      label: "Alert rules configured",
      met: ok,
      detail: ok ? `${input.alertRuleCount} rule(s) configured.` : "Configure at least one alert rule for the model.",
    });
  }
  if (r.requireHandoffAccepted) {
    out.push({
      key: "handoff",
      label: "Ownership handed off to IT",
      met: input.handoffToItAccepted,
      detail: input.handoffToItAccepted
        ? "IT owner has accepted the handoff."
        : "A handoff to IT must be accepted before the model is monitored in production.",
    });
  }

  const { results, counted } = approvalRequirements(input);
  out.push(...results);
  return {
    open: out.every((x) => x.met),
    requirements: out,
    countedApprovers: counted,
    ...(input.version.artifactDigest !== undefined ? { artifactDigest: input.version.artifactDigest } : {}),
  };
}

const METADATA_LABELS = {
  artifactUri: "Artifact URI",
  framework: "Framework",
  gitCommit: "Git commit",
  trainingDataset: "Training dataset",
  featureSchema: "Feature schema",
  metrics: "Evaluation metrics",
} as const;

function championRequirement(input: TGateInput, c: NonNullable<TGateRequirements["champion"]>): TRequirementResult {
  const label = `No regression vs the production champion beyond ${c.tolerance}`;
  if (!input.champion) return { key: "champion", label, met: true, detail: "No production champion yet." };
  const rows = compareWithChampion(input.version.metrics, input.champion.metrics, {
    gated: c.metrics,
    tolerance: c.tolerance,
    lowerIsBetter: c.lowerIsBetter,
  }).filter((r) => c.metrics.includes(r.metric) && r.delta !== null);
  if (rows.length === 0)
    return {
      key: "champion",
      label,
      met: true,
      detail: `Champion v${input.champion.versionNumber} shares no compared metric.`,
    };
  const compared = rows.map(
    (r) => `${r.metric} ${fmt(r.challenger!)} vs ${fmt(r.champion!)} (${r.delta! >= 0 ? "+" : ""}${fmt(r.delta!)})`,
  );
  const regressions = rows.filter((r) => !r.withinTolerance).map((r) => r.metric);
  return {
    key: "champion",
    label,
    met: regressions.length === 0,
    detail: `Against v${input.champion.versionNumber}: ${compared.join("; ")}${regressions.length ? ` — regression on ${regressions.join(", ")}` : ""}.`,
  };
}

/**
 * Separation of duties and "one person counts once": eligible approvals are matched to role slots by
 * maximum bipartite matching, so a person holding two roles fills at most one slot, and the assignment
 * that fills the most slots is found whatever order the votes came in.
 */
function approvalRequirements(input: TGateInput): {
  results: TRequirementResult[];
  counted: { approverId: string; role: TRole }[];
} {
  const req = input.requirements;
  const slots: TRole[] = req.approvals.flatMap((a) => Array.from({ length: a.count }, () => a.role));
  const excluded = new Set(
    req.separationOfDuties ? [input.requesterId, input.version.createdById].filter((x): x is string => !!x) : [],
  );
  const seen = new Set<string>();
  const eligible = input.approvals.filter((a) => {
    if (a.decision !== "APPROVE" || !a.approverActive || excluded.has(a.approverId) || seen.has(a.approverId))
      return false;
    seen.add(a.approverId);
    return true;
  });
  const slotOwner: (number | null)[] = slots.map(() => null);
  const tryAssign = (p: number, visited: Set<number>): boolean => {
    for (let s = 0; s < slots.length; s++) {
      if (visited.has(s) || !eligible[p]!.approverRoles.includes(slots[s]!)) continue;
      visited.add(s);
      if (slotOwner[s] === null || tryAssign(slotOwner[s]!, visited)) {
        slotOwner[s] = p;
        return true;
      }
    }
    return false;
  };
  for (let p = 0; p < eligible.length; p++) tryAssign(p, new Set());

  const results: TRequirementResult[] = req.approvals.map((a) => {
    const filledBy = slots
      .map((role, s) => (role === a.role && slotOwner[s] !== null ? eligible[slotOwner[s]!]! : null))
      .filter((x) => x !== null);
    const met = filledBy.length >= a.count;
    const who = filledBy.map((x) => x.approverName).join(", ");
    return {
      key: `approval:${a.role}`,
      label: `${a.count} approval${a.count > 1 ? "s" : ""} by ${ROLE_NAMES[a.role]}`,
      met,
      detail: `${filledBy.length} of ${a.count}${who ? ` (${who})` : ""}.${req.separationOfDuties ? " The version's creator and the requester cannot approve." : ""}`,
    };
  });
  const counted = slots.flatMap((role, s) =>
    slotOwner[s] !== null ? [{ approverId: eligible[slotOwner[s]!]!.approverId, role }] : [],
  );
  return { results, counted };
}

const ROLE_NAMES: Record<TRole, string> = {
  DATA_SCIENTIST: "a data-science peer",
  IT_OPS: "IT operations",
  MANAGER: "a manager",
  ADMIN: "an administrator",
};

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(4).replace(/0+$/, "");
}
