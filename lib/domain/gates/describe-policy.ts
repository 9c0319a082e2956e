import type { TRole } from "../rbac/permissions";
import type { TGateRequirements, TProblemType } from "./policy";
import { METADATA_LABELS } from "./policy-rules";

/** One requirement of a policy in plain words; `kind` groups lines (and picks an icon) in the UI. */
export type TPolicyLine = { kind: "people" | "evidence" | "production"; text: string };

const APPROVER: Record<TRole, string> = {
  DATA_SCIENTIST: "data-science peer",
  IT_OPS: "IT operations",
  MANAGER: "manager",
  ADMIN: "administrator",
};
const PROBLEM: Record<TProblemType, string> = {
  CLASSIFICATION: "classification",
  REGRESSION: "regression",
  OTHER: "other",
};
const OP_WORDS = { ">=": "≥", ">": ">", "<=": "≤", "<": "<" } as const;

/** "a, b and c" */
export function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
// "Artifact URI" → "artifact URI": sentence case inside a sentence, acronyms kept.
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * A gate policy as the short sentences the policy matrix and the history show, in the order the gate
 * judges them: who asks, what evidence, what production state, who signs. Pure, so the same words
 * appear wherever a policy is summarised. An empty list means nothing is required.
 */
export function describePolicy(r: TGateRequirements): TPolicyLine[] {
  const lines: TPolicyLine[] = [];
  if (r.ownerMustRequest)
    lines.push({ kind: "people", text: "Requested by the model's data-science owner (or an administrator)" });
  if (r.requiredMetadata.length)
    lines.push({
      kind: "evidence",
      text: `Metadata present: ${joinWords(r.requiredMetadata.map((f) => lowerFirst(METADATA_LABELS[f])))}`,
    });
  if (r.metricThresholds.length) {
    const parts = r.metricThresholds.map(
      (t) => `${t.metric} ${OP_WORDS[t.op]} ${t.value}${t.problemType ? ` (${PROBLEM[t.problemType]})` : ""}`,
    );
    lines.push({ kind: "evidence", text: `Metrics: ${joinWords(parts)}` });
  }
  if (r.requiredChecks.length) lines.push({ kind: "evidence", text: `Checks passed: ${joinWords(r.requiredChecks)}` });
  if (r.requireReferenceDataset) lines.push({ kind: "evidence", text: "Reference dataset registered" });
  if (r.champion) {
    const lower = r.champion.lowerIsBetter.length ? `; lower is better for ${joinWords(r.champion.lowerIsBetter)}` : "";
    lines.push({
      kind: "evidence",
      text: `No regression vs the production champion beyond ${r.champion.tolerance} on ${joinWords(r.champion.metrics)}${lower}`,
    });
  }
  if (r.requireFeatureImportance) lines.push({ kind: "evidence", text: "Feature importance provided" });
  if (r.requireModelCard) lines.push({ kind: "evidence", text: "Model card complete" });
  if (r.approvedTopFeatures) {
    const n = r.approvedTopFeatures.topN;
    lines.push({
      kind: "evidence",
      text: `Only features on the model's approved list among the ${n === 1 ? "most important feature" : `${n} most important features`}`,
    });
  }
  if (r.requireActiveDeployment) lines.push({ kind: "production", text: "Active production deployment" });
  if (r.requireAlertRules) lines.push({ kind: "production", text: "At least one alert rule configured" });
  if (r.requireHandoffAccepted) lines.push({ kind: "production", text: "Ownership handoff to IT accepted" });
  if (r.approvals.length) {
    const who = r.approvals.map((a) => `${plural(a.count, `${APPROVER[a.role]} approval`)}`);
    lines.push({ kind: "people", text: `Approvals: ${joinWords(who)}` });
    lines.push({
      kind: "people",
      text: r.separationOfDuties
        ? "Separation of duties: the version's creator and the requester cannot approve"
        : "No separation of duties: the creator or the requester may approve",
    });
  }
  return lines;
}
