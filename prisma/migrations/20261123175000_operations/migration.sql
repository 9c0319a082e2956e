-- Operations (issue 8): alerts that resolve themselves say why, and retraining requests open once per model.

-- Why an alert was resolved ("Condition cleared: auc averaged 0.81…", "v2 is live now", "The rule was disabled").
ALTER TABLE "alerts" ADD COLUMN "resolution" TEXT NOT NULL DEFAULT '';

-- At most one active (open or in progress) retraining request per model: a sustained violation opens one,
-- later evaluations find it and add nothing; the next registered version is linked to it.
CREATE UNIQUE INDEX "retraining_requests_one_active_per_model" ON "retraining_requests"("modelId") WHERE "status" IN ('OPEN', 'IN_PROGRESS');

-- The retraining list reads newest first across models.
CREATE INDEX "retraining_requests_createdAt_idx" ON "retraining_requests"("createdAt");
