import { handleMlflowAjaxApi } from "@/lib/server/mlflow/handle-mlflow-request";

// The same API under the prefix MLflow's browser UI calls (docs/MLFLOW.md).
export const dynamic = "force-dynamic";

export const GET = handleMlflowAjaxApi;
export const POST = handleMlflowAjaxApi;
export const PATCH = handleMlflowAjaxApi;
export const DELETE = handleMlflowAjaxApi;
export const PUT = handleMlflowAjaxApi;
