import type { TStage } from "../lifecycle/stages";

export type TVersionStatus = "READY" | "IN_REVIEW" | "REJECTED" | "ROLLED_BACK";

/**
 * Which versions may be recorded as deployed where. Production serves customers: only versions that passed
 * the DEPLOYMENT gate (stage DEPLOYMENT, or MONITORING when a live version is redeployed) and were not pulled
 * by a rollback. Other environments (staging, load-test…) take any version still in the lifecycle. Returning
 * an archived version to production is a rollback, which has its own action.
 */
export function checkDeployable(
  version: { number: number; stage: TStage; status: TVersionStatus },
  environment: { name: string; isProduction: boolean },
): { ok: true } | { ok: false; message: string } {
  const v = `v${version.number}`;
  if (version.status === "ROLLED_BACK")
    return { ok: false, message: `${v} was rolled back from production; register a fixed version instead.` };
  if (version.stage === "ARCHIVED") {
    return {
      ok: false,
      message: environment.isProduction
        ? `${v} is archived. To return production to it, use the rollback action.`
        : `${v} is archived.`,
    };
  }
  if (environment.isProduction && version.stage !== "DEPLOYMENT" && version.stage !== "MONITORING") {
    return {
      ok: false,
      message: `${v} is in ${version.stage}; only versions past the DEPLOYMENT gate may run in ${environment.name}.`,
    };
  }
  return { ok: true };
}

/** Environment names: lowercase, as metric points and sample windows name them (e.g. production, staging). */
export const ENVIRONMENT_NAME_RE = /^[a-z][a-z0-9_-]{0,63}$/;
