import { LIFECYCLE, nextStage, type TStage } from "../lifecycle/stages";
import { MlflowInputError } from "./input-error";

/** MLflow's four stages, in its own spelling. */
export const MLFLOW_STAGES = ["None", "Staging", "Production", "Archived"] as const;
export type TMlflowStage = (typeof MLFLOW_STAGES)[number];

/**
 * What each Modelgate stage reports to MLflow clients. A version is "Production" only when it is live
 * (MONITORING); DEPLOYMENT — signed off after UAT, on its way to production — is still "Staging", so a
 * version's MLflow stage never moves backwards while it climbs the lifecycle.
 */
export const MLFLOW_STAGE_OF: Record<TStage, TMlflowStage> = {
  DESIGN: "None",
  INDUSTRIALIZATION: "None",
  UAT: "Staging",
  DEPLOYMENT: "Staging",
  MONITORING: "Production",
  ARCHIVED: "Archived",
};

/** The Modelgate stage a transition to an MLflow stage aims for (None is where versions start). */
export const TARGET_STAGE_OF: Record<TMlflowStage, TStage> = {
  None: "DESIGN",
  Staging: "UAT",
  Production: "MONITORING",
  Archived: "ARCHIVED",
};

/** Stages MLflow may archive "existing versions" of when a transition names them. */
export const ACTIVE_STAGES: readonly TMlflowStage[] = ["Staging", "Production"];

/** "production" → "Production"; unknown names throw as MLflow does (case-insensitive match). */
export function canonicalStage(input: string): TMlflowStage {
  const found = MLFLOW_STAGES.find((s) => s.toLowerCase() === input.trim().toLowerCase());
  if (!found)
    throw new MlflowInputError(
      `Invalid Model Version stage: ${input}. Value must be one of ${MLFLOW_STAGES.join(", ")}.`,
    );
  return found;
}

export type TStagePlan =
  /** Already there: nothing moves. */
  | { kind: "noop" }
  /** Retire the version: Modelgate applies archiving at once (no gate), unless it is live. */
  | { kind: "archive" }
  /** Climb the lifecycle one gated step at a time; each step applies only when its gate is open. */
  | { kind: "promote"; steps: TStage[] }
  | { kind: "refuse"; reason: string };

const RANK: Record<Exclude<TMlflowStage, "Archived">, number> = { None: 0, Staging: 1, Production: 2 };

/**
 * What an MLflow `transition-stage` to `target` means for a version now in `current`. Moves go forward
 * only (rollback is a deployment action in Modelgate, not a stage change), and through every
 * intermediate stage: Staging from DESIGN is INDUSTRIALIZATION then UAT; Production from UAT is
 * DEPLOYMENT then MONITORING — two gates.
 */
export function planStageTransition(current: TStage, target: TMlflowStage): TStagePlan {
  if (target === "Archived") return current === "ARCHIVED" ? { kind: "noop" } : { kind: "archive" };
  if (current === "ARCHIVED")
    return {
      kind: "refuse",
      reason: "An archived version cannot move to another stage; register a new version instead.",
    };
  const now = MLFLOW_STAGE_OF[current] as Exclude<TMlflowStage, "Archived">;
  if (now === target) return { kind: "noop" };
  if (RANK[target] < RANK[now]) {
    return {
      kind: "refuse",
      reason: `Modelgate's lifecycle only moves forward: ${now} → ${target} is not a stage transition. Roll back a live version from Modelgate (IT owner), or archive this one.`,
    };
  }
  const goal = LIFECYCLE.indexOf(TARGET_STAGE_OF[target]);
  const steps: TStage[] = [];
  for (let s = nextStage(current); s && LIFECYCLE.indexOf(s) <= goal; s = nextStage(s)) steps.push(s);
  return { kind: "promote", steps };
}

/** The stage mapping as people read it: on the "Use with MLflow" page and in docs/MLFLOW.md. */
export const MLFLOW_STAGE_GUIDE: { mlflow: TMlflowStage; modelgate: TStage[]; transition: string }[] = [
  {
    mlflow: "None",
    modelgate: ["DESIGN", "INDUSTRIALIZATION"],
    transition:
      "Nothing moves from Design or Industrialization; refused from later stages (the lifecycle only moves forward).",
  },
  {
    mlflow: "Staging",
    modelgate: ["UAT", "DEPLOYMENT"],
    transition:
      "Requests Industrialization, then UAT: each step applies only when its gate is open; the first closed gate answers 403 naming its pending request.",
  },
  {
    mlflow: "Production",
    modelgate: ["MONITORING"],
    transition:
      "Requests every remaining step up to Monitoring (from UAT: Deployment, then Monitoring — two gates). The production alias follows the live version.",
  },
  {
    mlflow: "Archived",
    modelgate: ["ARCHIVED"],
    transition: "Applies at once (retiring needs no gate), except for a version live in production.",
  },
];
