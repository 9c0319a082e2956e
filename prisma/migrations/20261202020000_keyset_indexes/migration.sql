-- Issue 18: every paged list walks an index range, not a filtered scan from the top. Each list orders by
-- (sort column, id) and its keyset cursor bounds the sort column; these indexes carry the id too, so a page is
-- one range read whatever its depth. Where a new index starts with an old one's columns, the old one goes.

-- /api/v1/models: sort by title, updatedAt, createdAt (slug is unique already).
CREATE INDEX "models_title_id_idx" ON "models"("title", "id");
DROP INDEX "models_updatedAt_idx";
CREATE INDEX "models_updatedAt_id_idx" ON "models"("updatedAt", "id");
CREATE INDEX "models_createdAt_id_idx" ON "models"("createdAt", "id");

-- /api/v1/users: active first, then by name.
DROP INDEX "users_active_idx";
CREATE INDEX "users_active_name_id_idx" ON "users"("active", "name", "id");

-- /api/v1/tokens: newest first, the caller's own or everyone's.
DROP INDEX "api_tokens_userId_idx";
CREATE INDEX "api_tokens_userId_createdAt_id_idx" ON "api_tokens"("userId", "createdAt", "id");
CREATE INDEX "api_tokens_createdAt_id_idx" ON "api_tokens"("createdAt", "id");

-- Promotions (and the approvals queue: PENDING, oldest first).
DROP INDEX "transition_requests_status_createdAt_idx";
CREATE INDEX "transition_requests_status_createdAt_id_idx" ON "transition_requests"("status", "createdAt", "id");
CREATE INDEX "transition_requests_createdAt_id_idx" ON "transition_requests"("createdAt", "id");

-- Alerts: newest first, all or one model's.
CREATE INDEX "alerts_openedAt_id_idx" ON "alerts"("openedAt", "id");
CREATE INDEX "alerts_modelId_openedAt_id_idx" ON "alerts"("modelId", "openedAt", "id");

-- Webhook deliveries of one webhook, newest first.
DROP INDEX "webhook_deliveries_webhookId_createdAt_idx";
CREATE INDEX "webhook_deliveries_webhookId_createdAt_id_idx" ON "webhook_deliveries"("webhookId", "createdAt", "id");

-- Handoffs, deployments of a model, retraining requests.
CREATE INDEX "handoffs_proposedAt_id_idx" ON "handoffs"("proposedAt", "id");
CREATE INDEX "deployments_modelId_deployedAt_id_idx" ON "deployments"("modelId", "deployedAt", "id");
DROP INDEX "retraining_requests_createdAt_idx";
CREATE INDEX "retraining_requests_createdAt_id_idx" ON "retraining_requests"("createdAt", "id");

-- MLflow experiments/search by creation or last update (name and id are unique already).
CREATE INDEX "mlflow_experiments_createdAt_id_idx" ON "mlflow_experiments"("createdAt", "id");
CREATE INDEX "mlflow_experiments_updatedAt_id_idx" ON "mlflow_experiments"("updatedAt", "id");
