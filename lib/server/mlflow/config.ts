import "server-only";
import { getEnv } from "@/lib/env";

/** The alias that always names the live production version (MODELGATE_MLFLOW_PRODUCTION_ALIAS, default "champion"). */
export function productionAlias(): string {
  return getEnv().MODELGATE_MLFLOW_PRODUCTION_ALIAS;
}

/** Where experiments keep run artifacts unless created with their own artifact_location. */
export function artifactRoot(): string {
  return getEnv().MODELGATE_MLFLOW_ARTIFACT_ROOT.replace(/\/+$/, "");
}

/** An experiment's artifact location: its own, or the configured root + "/<id>". */
export function experimentArtifactLocation(e: { id: number; artifactLocation: string }): string {
  return e.artifactLocation || `${artifactRoot()}/${e.id}`;
}
