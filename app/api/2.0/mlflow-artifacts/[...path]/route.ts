import { handleArtifactsApi } from "@/lib/server/mlflow/mlflow-artifacts-proxy";

// MLflow's artifact proxy (docs/MLFLOW.md "Artifacts"): download, upload, list, delete and multipart, streamed.
export const dynamic = "force-dynamic";

export const GET = handleArtifactsApi;
export const PUT = handleArtifactsApi;
export const POST = handleArtifactsApi;
export const DELETE = handleArtifactsApi;
export const PATCH = handleArtifactsApi;
