-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('DATA_SCIENTIST', 'IT_OPS', 'MANAGER', 'ADMIN');

-- CreateEnum
CREATE TYPE "Criticality" AS ENUM ('MISSION_CRITICAL', 'INTERNAL');

-- CreateEnum
CREATE TYPE "ProblemType" AS ENUM ('CLASSIFICATION', 'REGRESSION', 'OTHER');

-- CreateEnum
CREATE TYPE "Stage" AS ENUM ('DESIGN', 'INDUSTRIALIZATION', 'UAT', 'DEPLOYMENT', 'MONITORING', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "Health" AS ENUM ('UNKNOWN', 'HEALTHY', 'WARNING', 'CRITICAL');

-- CreateEnum
CREATE TYPE "VersionStatus" AS ENUM ('READY', 'IN_REVIEW', 'REJECTED', 'ROLLED_BACK');

-- CreateEnum
CREATE TYPE "TransitionStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED', 'APPLIED');

-- CreateEnum
CREATE TYPE "Decision" AS ENUM ('APPROVE', 'REJECT');

-- CreateEnum
CREATE TYPE "CheckStatus" AS ENUM ('PASS', 'FAIL', 'RUNNING', 'SKIPPED');

-- CreateEnum
CREATE TYPE "DeploymentStatus" AS ENUM ('ACTIVE', 'SUPERSEDED', 'ROLLED_BACK', 'FAILED');

-- CreateEnum
CREATE TYPE "HandoffDirection" AS ENUM ('DS_TO_IT', 'IT_TO_DS');

-- CreateEnum
CREATE TYPE "HandoffStatus" AS ENUM ('PROPOSED', 'ACCEPTED', 'DECLINED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "AlertKind" AS ENUM ('METRIC_THRESHOLD', 'DATASET_DRIFT', 'FEATURE_PSI', 'DATA_QUALITY', 'LATENCY', 'ERROR_RATE', 'STALENESS');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('INFO', 'WARNING', 'CRITICAL');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'RESOLVED');

-- CreateEnum
CREATE TYPE "RetrainingStatus" AS ENUM ('OPEN', 'IN_PROGRESS', 'DONE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "teams" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "teams_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "roles" "Role"[],
    "passwordHash" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "deactivatedAt" TIMESTAMPTZ(3),
    "teamId" TEXT,
    "lastLoginAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "models" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "problemType" "ProblemType" NOT NULL,
    "criticality" "Criticality" NOT NULL,
    "teamId" TEXT NOT NULL,
    "dsOwnerId" TEXT NOT NULL,
    "itOwnerId" TEXT,
    "tags" TEXT[],
    "versionCounter" INTEGER NOT NULL DEFAULT 0,
    "health" "Health" NOT NULL DEFAULT 'UNKNOWN',
    "healthReasons" JSONB NOT NULL DEFAULT '[]',
    "datasetDriftThreshold" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
    "archivedAt" TIMESTAMPTZ(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_versions" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "stage" "Stage" NOT NULL DEFAULT 'DESIGN',
    "status" "VersionStatus" NOT NULL DEFAULT 'READY',
    "description" TEXT NOT NULL DEFAULT '',
    "artifactUri" TEXT NOT NULL,
    "framework" TEXT NOT NULL DEFAULT '',
    "gitCommit" TEXT NOT NULL DEFAULT '',
    "trainingDataset" TEXT NOT NULL DEFAULT '',
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "metrics" JSONB NOT NULL DEFAULT '{}',
    "featureSchema" JSONB NOT NULL DEFAULT '[]',
    "health" "Health" NOT NULL DEFAULT 'UNKNOWN',
    "healthReasons" JSONB NOT NULL DEFAULT '[]',
    "createdById" TEXT,
    "stageChangedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "model_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stage_history" (
    "id" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "fromStage" "Stage",
    "toStage" "Stage" NOT NULL,
    "requestId" TEXT,
    "actorId" TEXT,
    "reason" TEXT NOT NULL DEFAULT '',
    "enteredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stage_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transition_requests" (
    "id" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "fromStage" "Stage" NOT NULL,
    "toStage" "Stage" NOT NULL,
    "requesterId" TEXT NOT NULL,
    "justification" TEXT NOT NULL DEFAULT '',
    "status" "TransitionStatus" NOT NULL DEFAULT 'PENDING',
    "gatePolicyId" TEXT,
    "gateSnapshot" JSONB NOT NULL DEFAULT '{}',
    "resolution" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMPTZ(3),
    "appliedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "transition_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "approvals" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "approverId" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "decision" "Decision" NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approvals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gate_policies" (
    "id" TEXT NOT NULL,
    "targetStage" "Stage" NOT NULL,
    "criticality" "Criticality" NOT NULL,
    "version" INTEGER NOT NULL,
    "isCurrent" BOOLEAN NOT NULL DEFAULT true,
    "requirements" JSONB NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "gate_policies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "check_results" (
    "id" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "CheckStatus" NOT NULL,
    "url" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "reportedById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "check_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "environments" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "isProduction" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "environments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deployments" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "status" "DeploymentStatus" NOT NULL DEFAULT 'ACTIVE',
    "deployedById" TEXT,
    "reason" TEXT NOT NULL DEFAULT '',
    "deployedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMPTZ(3),

    CONSTRAINT "deployments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "handoffs" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "direction" "HandoffDirection" NOT NULL,
    "fromUserId" TEXT NOT NULL,
    "toUserId" TEXT NOT NULL,
    "fromTeamId" TEXT,
    "toTeamId" TEXT,
    "checklist" JSONB NOT NULL DEFAULT '{}',
    "status" "HandoffStatus" NOT NULL DEFAULT 'PROPOSED',
    "message" TEXT NOT NULL DEFAULT '',
    "reason" TEXT NOT NULL DEFAULT '',
    "proposedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMPTZ(3),

    CONSTRAINT "handoffs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ownership_history" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "dsOwnerId" TEXT NOT NULL,
    "itOwnerId" TEXT,
    "handoffId" TEXT,
    "changedById" TEXT,
    "reason" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ownership_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metric_points" (
    "id" BIGSERIAL NOT NULL,
    "versionId" TEXT NOT NULL,
    "environment" TEXT NOT NULL DEFAULT 'production',
    "name" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "metric_points_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reference_datasets" (
    "id" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "columns" JSONB NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reference_datasets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sample_windows" (
    "id" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "environment" TEXT NOT NULL DEFAULT 'production',
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "windowEnd" TIMESTAMPTZ(3) NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "columns" JSONB NOT NULL,
    "quality" JSONB NOT NULL DEFAULT '{}',
    "summary" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sample_windows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "drift_results" (
    "id" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "windowId" TEXT NOT NULL,
    "feature" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "pValue" DOUBLE PRECISION,
    "drifted" BOOLEAN NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "drift_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "response" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("scope","key")
);

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "versionId" TEXT,
    "name" TEXT NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "config" JSONB NOT NULL,
    "severity" "Severity" NOT NULL DEFAULT 'WARNING',
    "retrain" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "versionId" TEXT,
    "status" "AlertStatus" NOT NULL DEFAULT 'OPEN',
    "severity" "Severity" NOT NULL,
    "message" TEXT NOT NULL,
    "evidence" JSONB NOT NULL DEFAULT '{}',
    "openedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "acknowledgedById" TEXT,
    "ackNote" TEXT NOT NULL DEFAULT '',
    "resolvedAt" TIMESTAMPTZ(3),

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "retraining_requests" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "alertId" TEXT,
    "status" "RetrainingStatus" NOT NULL DEFAULT 'OPEN',
    "assigneeId" TEXT,
    "evidence" JSONB NOT NULL DEFAULT '{}',
    "linkedVersionId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "retraining_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhooks" (
    "id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "events" TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "description" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhooks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_events" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMPTZ(3),
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery_attempts" (
    "id" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "attemptNo" INTEGER NOT NULL,
    "statusCode" INTEGER,
    "durationMs" INTEGER NOT NULL,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "delivery_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "scopes" TEXT[],
    "userId" TEXT NOT NULL,
    "createdById" TEXT,
    "lastUsedAt" TIMESTAMPTZ(3),
    "expiresAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "seq" BIGSERIAL NOT NULL,
    "actorId" TEXT,
    "actorType" TEXT NOT NULL,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "modelId" TEXT,
    "before" JSONB,
    "after" JSONB,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "comments" (
    "id" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "modelId" TEXT,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "comments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "teams_slug_key" ON "teams"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "users_active_idx" ON "users"("active");

-- CreateIndex
CREATE UNIQUE INDEX "models_slug_key" ON "models"("slug");

-- CreateIndex
CREATE INDEX "models_teamId_idx" ON "models"("teamId");

-- CreateIndex
CREATE INDEX "models_dsOwnerId_idx" ON "models"("dsOwnerId");

-- CreateIndex
CREATE INDEX "models_itOwnerId_idx" ON "models"("itOwnerId");

-- CreateIndex
CREATE INDEX "models_criticality_idx" ON "models"("criticality");

-- CreateIndex
CREATE INDEX "models_health_idx" ON "models"("health");

-- CreateIndex
CREATE INDEX "models_updatedAt_idx" ON "models"("updatedAt");

-- CreateIndex
CREATE INDEX "model_versions_stage_idx" ON "model_versions"("stage");

-- CreateIndex
CREATE INDEX "model_versions_modelId_stage_idx" ON "model_versions"("modelId", "stage");

-- CreateIndex
CREATE INDEX "model_versions_createdAt_idx" ON "model_versions"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "model_versions_modelId_number_key" ON "model_versions"("modelId", "number");

-- CreateIndex
CREATE INDEX "stage_history_versionId_enteredAt_idx" ON "stage_history"("versionId", "enteredAt");

-- CreateIndex
CREATE INDEX "stage_history_toStage_enteredAt_idx" ON "stage_history"("toStage", "enteredAt");

-- CreateIndex
CREATE INDEX "transition_requests_status_createdAt_idx" ON "transition_requests"("status", "createdAt");

-- CreateIndex
CREATE INDEX "transition_requests_versionId_status_idx" ON "transition_requests"("versionId", "status");

-- CreateIndex
CREATE INDEX "transition_requests_requesterId_idx" ON "transition_requests"("requesterId");

-- CreateIndex
CREATE INDEX "approvals_approverId_idx" ON "approvals"("approverId");

-- CreateIndex
CREATE UNIQUE INDEX "approvals_requestId_approverId_key" ON "approvals"("requestId", "approverId");

-- CreateIndex
CREATE INDEX "gate_policies_targetStage_criticality_isCurrent_idx" ON "gate_policies"("targetStage", "criticality", "isCurrent");

-- CreateIndex
CREATE UNIQUE INDEX "gate_policies_targetStage_criticality_version_key" ON "gate_policies"("targetStage", "criticality", "version");

-- CreateIndex
CREATE INDEX "check_results_versionId_name_createdAt_idx" ON "check_results"("versionId", "name", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "environments_name_key" ON "environments"("name");

-- CreateIndex
CREATE INDEX "deployments_modelId_environmentId_status_idx" ON "deployments"("modelId", "environmentId", "status");

-- CreateIndex
CREATE INDEX "deployments_versionId_idx" ON "deployments"("versionId");

-- CreateIndex
CREATE INDEX "deployments_deployedAt_idx" ON "deployments"("deployedAt");

-- CreateIndex
CREATE INDEX "handoffs_toUserId_status_idx" ON "handoffs"("toUserId", "status");

-- CreateIndex
CREATE INDEX "handoffs_modelId_status_idx" ON "handoffs"("modelId", "status");

-- CreateIndex
CREATE INDEX "handoffs_status_proposedAt_idx" ON "handoffs"("status", "proposedAt");

-- CreateIndex
CREATE INDEX "ownership_history_modelId_createdAt_idx" ON "ownership_history"("modelId", "createdAt");

-- CreateIndex
CREATE INDEX "metric_points_versionId_name_ts_idx" ON "metric_points"("versionId", "name", "ts");

-- CreateIndex
CREATE INDEX "metric_points_ts_idx" ON "metric_points"("ts");

-- CreateIndex
CREATE UNIQUE INDEX "reference_datasets_versionId_key" ON "reference_datasets"("versionId");

-- CreateIndex
CREATE INDEX "sample_windows_versionId_windowEnd_idx" ON "sample_windows"("versionId", "windowEnd");

-- CreateIndex
CREATE INDEX "drift_results_versionId_feature_createdAt_idx" ON "drift_results"("versionId", "feature", "createdAt");

-- CreateIndex
CREATE INDEX "drift_results_windowId_idx" ON "drift_results"("windowId");

-- CreateIndex
CREATE INDEX "alert_rules_modelId_idx" ON "alert_rules"("modelId");

-- CreateIndex
CREATE INDEX "alerts_status_openedAt_idx" ON "alerts"("status", "openedAt");

-- CreateIndex
CREATE INDEX "alerts_modelId_status_idx" ON "alerts"("modelId", "status");

-- CreateIndex
CREATE INDEX "alerts_ruleId_status_idx" ON "alerts"("ruleId", "status");

-- CreateIndex
CREATE INDEX "retraining_requests_modelId_status_idx" ON "retraining_requests"("modelId", "status");

-- CreateIndex
CREATE INDEX "outbox_events_createdAt_idx" ON "outbox_events"("createdAt");

-- CreateIndex
CREATE INDEX "webhook_deliveries_status_nextAttemptAt_idx" ON "webhook_deliveries"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_deliveries_webhookId_eventId_key" ON "webhook_deliveries"("webhookId", "eventId");

-- CreateIndex
CREATE INDEX "delivery_attempts_deliveryId_idx" ON "delivery_attempts"("deliveryId");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_tokenHash_key" ON "api_tokens"("tokenHash");

-- CreateIndex
CREATE INDEX "api_tokens_userId_idx" ON "api_tokens"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_hash_key" ON "audit_events"("hash");

-- CreateIndex
CREATE INDEX "audit_events_entityType_entityId_idx" ON "audit_events"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "audit_events_modelId_seq_idx" ON "audit_events"("modelId", "seq");

-- CreateIndex
CREATE INDEX "audit_events_actorId_idx" ON "audit_events"("actorId");

-- CreateIndex
CREATE INDEX "audit_events_createdAt_idx" ON "audit_events"("createdAt");

-- CreateIndex
CREATE INDEX "comments_entityType_entityId_idx" ON "comments"("entityType", "entityId");

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "teams"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "models" ADD CONSTRAINT "models_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "teams"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "models" ADD CONSTRAINT "models_dsOwnerId_fkey" FOREIGN KEY ("dsOwnerId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "models" ADD CONSTRAINT "models_itOwnerId_fkey" FOREIGN KEY ("itOwnerId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stage_history" ADD CONSTRAINT "stage_history_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transition_requests" ADD CONSTRAINT "transition_requests_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transition_requests" ADD CONSTRAINT "transition_requests_requesterId_fkey" FOREIGN KEY ("requesterId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transition_requests" ADD CONSTRAINT "transition_requests_gatePolicyId_fkey" FOREIGN KEY ("gatePolicyId") REFERENCES "gate_policies"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "transition_requests"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_approverId_fkey" FOREIGN KEY ("approverId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "check_results" ADD CONSTRAINT "check_results_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "environments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_deployedById_fkey" FOREIGN KEY ("deployedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_fromUserId_fkey" FOREIGN KEY ("fromUserId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_toUserId_fkey" FOREIGN KEY ("toUserId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ownership_history" ADD CONSTRAINT "ownership_history_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metric_points" ADD CONSTRAINT "metric_points_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reference_datasets" ADD CONSTRAINT "reference_datasets_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sample_windows" ADD CONSTRAINT "sample_windows_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drift_results" ADD CONSTRAINT "drift_results_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drift_results" ADD CONSTRAINT "drift_results_windowId_fkey" FOREIGN KEY ("windowId") REFERENCES "sample_windows"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "alert_rules"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "retraining_requests" ADD CONSTRAINT "retraining_requests_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "webhooks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "outbox_events"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "webhook_deliveries"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comments" ADD CONSTRAINT "comments_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- ───────── Hand-written: invariants Prisma's schema language cannot express ─────────

-- At most one pending promotion request per version.
CREATE UNIQUE INDEX "transition_requests_one_pending_per_version" ON "transition_requests"("versionId") WHERE "status" = 'PENDING';

-- At most one active deployment per model and environment.
CREATE UNIQUE INDEX "deployments_one_active_per_env" ON "deployments"("modelId", "environmentId") WHERE "status" = 'ACTIVE';

-- At most one open (or acknowledged) alert per rule.
CREATE UNIQUE INDEX "alerts_one_unresolved_per_rule" ON "alerts"("ruleId") WHERE "status" <> 'RESOLVED';

-- At most one proposed handoff per model.
CREATE UNIQUE INDEX "handoffs_one_proposed_per_model" ON "handoffs"("modelId") WHERE "status" = 'PROPOSED';

-- Only one current policy per (stage, criticality).
CREATE UNIQUE INDEX "gate_policies_one_current" ON "gate_policies"("targetStage", "criticality") WHERE "isCurrent";

-- Case-insensitive search on model names and titles.
CREATE INDEX "models_slug_lower_idx" ON "models"(lower("slug") text_pattern_ops);

-- The audit log is append-only: no UPDATE, DELETE or TRUNCATE, whoever asks.
CREATE FUNCTION "audit_events_append_only"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "audit_events_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"();
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"();
