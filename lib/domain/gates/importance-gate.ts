import type { TRequirementResult } from "./evaluate-gate";
import { METHOD_LABELS, ordinal, rankImportance, type TImportanceMethod } from "../importance/feature-importance";

/** What the importance requirements of a gate judge: the version's importances and the model's approved list. */
export type TImportanceGateFacts = {
  importance: { method: TImportanceMethod; values: Record<string, number> } | null;
  /** Features the model's owners approved to drive decisions (per model; empty = no list set). */
  approvedFeatures: readonly string[];
};

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** "Feature importance provided": met when the version carries importances, whatever the method. */
export function featureImportanceRequirement(f: TImportanceGateFacts): TRequirementResult {
  const label = "Feature importance provided";
  if (!f.importance) {
    return {
      key: "feature-importance",
      label,
      met: false,
      detail:
        "No feature importance yet: POST /api/v1/versions/{id}/importance, or set the modelgate.feature_importance tag when registering through MLflow.",
    };
  }
  const ranked = rankImportance(f.importance.values);
  const top = ranked.slice(0, 3).map((r) => `${r.feature} ${pct(r.share)}`);
  return {
    key: "feature-importance",
    label,
    met: true,
    detail: `${METHOD_LABELS[f.importance.method]} importances for ${ranked.length} features; top: ${top.join(", ")}.`,
  };
}

/**
 * "No feature outside the approved list in the top N": every one of the N most important features (ranks as in
 * rankImportance) is on the model's approved list. Fails closed: no importances, or no list set for the model,
 * is not met — a regulated model must say which features may drive its decisions before this gate opens.
 */
export function approvedTopFeaturesRequirement(f: TImportanceGateFacts, topN: number): TRequirementResult {
  const key = "approved-top-features";
  const label = `Only approved features in the top ${topN}`;
  if (!f.importance)
    return { key, label, met: false, detail: `No feature importance to check the top ${topN} against.` };
  if (f.approvedFeatures.length === 0) {
    return {
      key,
      label,
      met: false,
      detail: "The model has no approved feature list; an owner sets it (PUT /api/v1/models/{id}/approved-features).",
    };
  }
  const approved = new Set(f.approvedFeatures);
  const top = rankImportance(f.importance.values).slice(0, topN);
  const outside = top.filter((r) => !approved.has(r.feature));
  if (outside.length) {
    return {
      key,
      label,
      met: false,
      detail: `Not on the approved list: ${outside.map((r) => `${r.feature} (${ordinal(r.rank)}, ${pct(r.share)})`).join(", ")}.`,
    };
  }
  return {
    key,
    label,
    met: true,
    detail: `Top ${top.length}: ${top.map((r) => r.feature).join(", ")} — all approved.`,
  };
}
