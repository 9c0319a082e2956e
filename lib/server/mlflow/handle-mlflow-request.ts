import "server-only";
import { createMlflowHandler } from "./define-mlflow-route";
import { REGISTRY_ENDPOINTS } from "./registry-endpoints";
import { TRACKING_ENDPOINTS } from "./tracking-endpoints";

/** One handler table for both prefixes MLflow registers its routes under. */
const TABLE = { ...REGISTRY_ENDPOINTS, ...TRACKING_ENDPOINTS };

export const handleMlflowApi = createMlflowHandler(TABLE, "/api/2.0/mlflow");
export const handleMlflowAjaxApi = createMlflowHandler(TABLE, "/ajax-api/2.0/mlflow");
