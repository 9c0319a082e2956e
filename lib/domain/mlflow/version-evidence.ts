import type { TKeyValue } from "./proto-json";

/**
 * Tags with a meaning in Modelgate. On a registered model at creation they set what MLflow has no field
 * for (criticality, problem type); on a version they fill the evidence the gates judge.
 */
export const MODELGATE_TAGS = {
  criticality: "modelgate.criticality",
  problemType: "modelgate.problem_type",
  framework: "modelgate.framework",
  gitCommit: "modelgate.git_commit",
  trainingDataset: "modelgate.training_dataset",
  featureSchema: "modelgate.feature_schema",
  /** JSON `{ method, values, segments? }` (issue 19): recorded as the version's feature importance. */
  featureImportance: "modelgate.feature_importance",
} as const;

const GIT_COMMIT_RE = /^[0-9a-f]{7,40}$/;

export type TRunEvidence = {
  /** The latest value of each metric logged to the run (highest step, then timestamp). */
  metrics: { key: string; value: number }[];
  params: TKeyValue[];
  tags: TKeyValue[];
  /** runs/log-inputs dataset inputs, as stored. */
  inputs: unknown[];
};

export type TVersionEvidence = {
  metrics: Record<string, number>;
  parameters: Record<string, string>;
  gitCommit: string;
  framework: string;
  trainingDataset: string;
  /** JSON text of a feature schema given as a version tag; the caller validates its shape. */
  featureSchemaJson: string | null;
  /** JSON text of the feature importance tag; validated against the feature schema by the caller. */
  featureImportanceJson: string | null;
};

const tagValue = (tags: TKeyValue[], key: string) => tags.find((t) => t.key === key)?.value;

/**
 * What a version registered from a run carries as evidence: the run's metrics become its evaluation
 * metrics (finite values only: a gate cannot compare NaN), its params its parameters, the git commit
 * MLflow recorded its commit, the flavour of the logged model its framework, the first logged dataset
 * its training dataset. Version tags named `modelgate.*` win over what the run says.
 */
export function deriveVersionEvidence(
  run: TRunEvidence | null,
  versionTags: TKeyValue[],
  source: string,
): TVersionEvidence {
  const metrics: Record<string, number> = {};
  for (const m of run?.metrics ?? []) if (Number.isFinite(m.value)) metrics[m.key] = m.value;
  const parameters: Record<string, string> = {};
  for (const p of run?.params ?? []) parameters[p.key] = p.value;
  const commit = (
    tagValue(versionTags, MODELGATE_TAGS.gitCommit) ??
    tagValue(run?.tags ?? [], "mlflow.source.git.commit") ??
    ""
  )
    .trim()
    .toLowerCase();
  return {
    metrics,
    parameters,
    gitCommit: GIT_COMMIT_RE.test(commit) ? commit : "",
    framework: (
      tagValue(versionTags, MODELGATE_TAGS.framework) ??
      frameworkFromHistory(tagValue(run?.tags ?? [], "mlflow.log-model.history"), source)
    ).slice(0, 100),
    trainingDataset: (
      tagValue(versionTags, MODELGATE_TAGS.trainingDataset) ?? datasetFromInputs(run?.inputs ?? [])
    ).slice(0, 2048),
    featureSchemaJson: tagValue(versionTags, MODELGATE_TAGS.featureSchema) ?? null,
    featureImportanceJson: tagValue(versionTags, MODELGATE_TAGS.featureImportance) ?? null,
  };
}

type THistoryEntry = { artifact_path?: unknown; flavors?: Record<string, Record<string, unknown>> };

/**
 * `mlflow.log-model.history` lists each model logged to the run with its flavours; the entry whose
 * artifact path ends the source wins (else the last one), and its first flavour other than
 * python_function names the framework, with its version when the flavour records one ("sklearn 1.5.0").
 */
export function frameworkFromHistory(history: string | undefined, source: string): string {
  if (!history) return "";
  let entries: THistoryEntry[];
  try {
    const parsed: unknown = JSON.parse(history);
    entries = Array.isArray(parsed) ? (parsed as THistoryEntry[]) : [];
  } catch {
    return "";
  }
  const trimmed = source.replace(/\/+$/, "");
  const entry =
    [...entries]
      .reverse()
      .find((e) => typeof e.artifact_path === "string" && trimmed.endsWith(`/${e.artifact_path}`)) ??
    entries[entries.length - 1];
  const flavors = entry?.flavors && typeof entry.flavors === "object" ? entry.flavors : {};
  const name = Object.keys(flavors).find((f) => f !== "python_function");
  if (!name) return "";
  const details = flavors[name] ?? {};
  const versionKey = Object.keys(details).find((k) => k.endsWith("_version") && k !== "mlflow_version");
  const version = versionKey ? details[versionKey] : undefined;
  return typeof version === "string" && version ? `${name} ${version}` : name;
}

/** The first logged dataset's location (its `source` JSON's uri/url/path), else its name. */
export function datasetFromInputs(inputs: unknown[]): string {
  for (const input of inputs) {
    const dataset = (input as { dataset?: { name?: unknown; source?: unknown } } | null)?.dataset;
    if (!dataset) continue;
    if (typeof dataset.source === "string") {
      try {
        const src = JSON.parse(dataset.source) as Record<string, unknown>;
        for (const k of ["uri", "url", "path", "table_name"])
          if (typeof src[k] === "string" && src[k]) return src[k] as string;
      } catch {
        if (dataset.source) return dataset.source;
      }
    }
    if (typeof dataset.name === "string" && dataset.name) return dataset.name;
  }
  return "";
}

export type TModelSettings = {
  criticality: "MISSION_CRITICAL" | "INTERNAL";
  problemType: "CLASSIFICATION" | "REGRESSION" | "OTHER";
};

/**
 * Criticality and problem type of a model created through MLflow, which has no such fields: from the
 * `modelgate.criticality` / `modelgate.problem_type` tags when sent, else MISSION_CRITICAL (fail-safe:
 * the stricter gates apply until an owner says otherwise in Modelgate) and OTHER.
 */
export function modelSettingsFromTags(tags: TKeyValue[]): TModelSettings | { error: string } {
  const c = tagValue(tags, MODELGATE_TAGS.criticality)?.trim().toUpperCase();
  const p = tagValue(tags, MODELGATE_TAGS.problemType)?.trim().toUpperCase();
  if (c !== undefined && c !== "MISSION_CRITICAL" && c !== "INTERNAL")
    return { error: `Tag ${MODELGATE_TAGS.criticality} must be MISSION_CRITICAL or INTERNAL, got '${c}'.` };
  if (p !== undefined && p !== "CLASSIFICATION" && p !== "REGRESSION" && p !== "OTHER")
    return { error: `Tag ${MODELGATE_TAGS.problemType} must be CLASSIFICATION, REGRESSION or OTHER, got '${p}'.` };
  return { criticality: c ?? "MISSION_CRITICAL", problemType: p ?? "OTHER" };
}
