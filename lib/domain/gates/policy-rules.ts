import type { TStage } from "../lifecycle/stages";
import type { TComparator, TCriticality, TGateRequirements } from "./policy";

/** The stages a promotion can target, hence the stages that have a gate policy (DESIGN.md 2.3). */
export const GATED_STAGES = [
  "INDUSTRIALIZATION",
  "UAT",
  "DEPLOYMENT",
  "MONITORING",
] as const satisfies readonly TStage[];
export type TGatedStage = (typeof GATED_STAGES)[number];

/** Column order of the policy matrix: the lighter gate first. */
export const CRITICALITIES = ["INTERNAL", "MISSION_CRITICAL"] as const satisfies readonly TCriticality[];

export const COMPARATORS = [">=", ">", "<=", "<"] as const satisfies readonly TComparator[];

export type TMetadataField = TGateRequirements["requiredMetadata"][number];

export const REQUIRED_METADATA_FIELDS = [
  "artifactUri",
  "framework",
  "gitCommit",
  "trainingDataset",
  "featureSchema",
  "metrics",
] as const satisfies readonly TMetadataField[];

export const METADATA_LABELS: Record<TMetadataField, string> = {
  artifactUri: "Artifact URI",
  framework: "Framework",
  gitCommit: "Git commit",
  trainingDataset: "Training dataset",
  featureSchema: "Feature schema",
  metrics: "Evaluation metrics",
};

/** A problem with a policy for one particular stage; `path` is relative to the requirements object. */
export type TPolicyIssue = { path: string; message: string };

/**
 * Rules the shape alone cannot state because they depend on the target stage. A version is deployed to
 * production while it sits in DEPLOYMENT and reaches MONITORING once that deployment is active (DESIGN.md
 * 2.2), so only the gate to MONITORING can wait for it; asking it earlier would lock every version out.
 */
export function checkPolicyForStage(stage: TGatedStage, r: TGateRequirements): TPolicyIssue[] {
  const issues: TPolicyIssue[] = [];
  if (r.requireActiveDeployment && stage !== "MONITORING") {
    issues.push({
      path: "requireActiveDeployment",
      message:
        "Only the gate to Monitoring can require an active production deployment: versions are deployed after they reach Deployment.",
    });
  }
  return issues;
}
