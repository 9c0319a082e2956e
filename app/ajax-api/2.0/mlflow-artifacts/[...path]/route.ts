import { handleArtifactsAjaxApi } from "@/lib/server/mlflow/mlflow-artifacts-proxy";

// MLflow's artifact proxy under /ajax-api, as MLflow registers every route twice (docs/MLFLOW.md).
export const dynamic = "force-dynamic";

export const GET = handleArtifactsAjaxApi;
export const PUT = handleArtifactsAjaxApi;
export const POST = handleArtifactsAjaxApi;
export const DELETE = handleArtifactsAjaxApi;
export const PATCH = handleArtifactsAjaxApi;
