import type { TStage } from "../lifecycle/stages";
import { MLFLOW_STAGE_OF } from "./stages";

/**
 * A registered model's `latest_versions` as MLflow's SQL store builds them: walking the versions by
 * number, it keeps the newest per MLflow stage in a dict, so stages come in the order their first
 * version appeared. A JS Map keeps a key's first insertion position when its value is replaced, exactly
 * as a Python dict does.
 */
export function latestVersionsPerStage<T extends { number: number; stage: TStage }>(versions: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const v of [...versions].sort((a, b) => a.number - b.number)) latest.set(MLFLOW_STAGE_OF[v.stage], v);
  return [...latest.values()];
}

/** The live version's number (the production alias points at it), or null. */
export function liveVersionNumber(versions: readonly { number: number; stage: TStage }[]): number | null {
  let live: number | null = null;
  for (const v of versions) if (v.stage === "MONITORING" && (live === null || v.number > live)) live = v.number;
  return live;
}
