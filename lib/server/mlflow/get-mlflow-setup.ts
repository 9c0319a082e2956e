import "server-only";
import { MODELGATE_TAGS } from "@/lib/domain/mlflow/version-evidence";
import { can, type TActor } from "@/lib/domain/rbac/permissions";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { artifactRoot, productionAlias } from "./config";

export type TMlflowSetup = {
  trackingUri: string;
  email: string;
  productionAlias: string;
  artifactRoot: string;
  canManageTokens: boolean;
  tags: { key: string; meaning: string }[];
};

/**
 * What the "Use with MLflow" page shows: the tracking URI (NEXTAUTH_URL, the app's public URL, else the
 * URL this request came in on), the production alias, where run artifacts go, and whether the viewer can
 * create API tokens themselves.
 */
export function getMlflowSetup({
  actor,
  requestOrigin,
}: {
  actor: TActor;
  requestOrigin: string | null;
}): TMlflowSetup {
  if (!can(actor, "models:read")) throw new AppError("FORBIDDEN", "Your role does not allow 'models:read'.");
  const env = getEnv();
  return {
    trackingUri: (env.NEXTAUTH_URL ?? requestOrigin ?? "http://localhost:3000").replace(/\/+$/, ""),
    email: actor.email,
    productionAlias: productionAlias(),
    artifactRoot: artifactRoot(),
    canManageTokens: can(actor, "tokens:own"),
    tags: [
      {
        key: MODELGATE_TAGS.criticality,
        meaning: "On create_registered_model: MISSION_CRITICAL (default) or INTERNAL.",
      },
      {
        key: MODELGATE_TAGS.problemType,
        meaning: "On create_registered_model: CLASSIFICATION, REGRESSION or OTHER (default).",
      },
      {
        key: MODELGATE_TAGS.framework,
        meaning:
          "On a version: its framework (default: the flavour in the model's MLmodel file, else the one logged to the run).",
      },
      {
        key: MODELGATE_TAGS.gitCommit,
        meaning: "On a version: its git commit (default: the run's mlflow.source.git.commit).",
      },
      {
        key: MODELGATE_TAGS.trainingDataset,
        meaning: "On a version: its training dataset (default: the run's first logged dataset).",
      },
      {
        key: MODELGATE_TAGS.featureSchema,
        meaning:
          'On a version: its feature schema as JSON, e.g. [{"name":"amount","type":"numeric"}], or a list of names typed by the model\'s signature, e.g. ["amount","age"] (default: the signature\'s inputs).',
      },
    ],
  };
}
