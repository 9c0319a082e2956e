import { handleMlflowApi } from "@/lib/server/mlflow/handle-mlflow-request";

// MLflow's REST API (docs/MLFLOW.md): every RPC goes through one handler table, so unknown paths answer a
// JSON 404 and other methods a JSON 405 instead of Next's pages.
export const dynamic = "force-dynamic";

export const GET = handleMlflowApi;
export const POST = handleMlflowApi;
export const PATCH = handleMlflowApi;
export const DELETE = handleMlflowApi;
export const PUT = handleMlflowApi;
