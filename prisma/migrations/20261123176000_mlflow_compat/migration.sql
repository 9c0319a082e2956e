-- MLflow compatibility (issue 9, docs/MLFLOW.md): MLflow's key/value tags on models and versions, aliases,
-- the run a version was registered from, MLflow-side deletion of versions, and the tracking subset
-- (experiments, runs, their metrics with history, params and tags).

-- AlterTable
ALTER TABLE "models" ADD COLUMN     "mlflowName" TEXT;

-- AlterTable
ALTER TABLE "model_versions" ADD COLUMN     "mlflowDeletedAt" TIMESTAMPTZ(3),
ADD COLUMN     "runId" TEXT,
ADD COLUMN     "runLink" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "mlflow_model_tags" (
    "modelId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "mlflow_model_tags_pkey" PRIMARY KEY ("modelId","key")
);

-- CreateTable
CREATE TABLE "mlflow_version_tags" (
    "versionId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "mlflow_version_tags_pkey" PRIMARY KEY ("versionId","key")
);

-- CreateTable
CREATE TABLE "model_aliases" (
    "modelId" TEXT NOT NULL,
    "alias" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_aliases_pkey" PRIMARY KEY ("modelId","alias")
);

-- CreateTable
CREATE TABLE "mlflow_experiments" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "artifactLocation" TEXT NOT NULL DEFAULT '',
    "lifecycleStage" TEXT NOT NULL DEFAULT 'active',
    "createdById" TEXT,
    "teamId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mlflow_experiments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mlflow_experiment_tags" (
    "experimentId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "mlflow_experiment_tags_pkey" PRIMARY KEY ("experimentId","key")
);

-- CreateTable
CREATE TABLE "mlflow_runs" (
    "id" TEXT NOT NULL,
    "experimentId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "userId" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "teamId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'RUNNING',
    "startTime" BIGINT NOT NULL,
    "endTime" BIGINT,
    "artifactUri" TEXT NOT NULL,
    "lifecycleStage" TEXT NOT NULL DEFAULT 'active',
    "inputs" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mlflow_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mlflow_run_metrics" (
    "id" BIGSERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "timestamp" BIGINT NOT NULL,
    "step" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "mlflow_run_metrics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mlflow_run_params" (
    "runId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "mlflow_run_params_pkey" PRIMARY KEY ("runId","key")
);

-- CreateTable
CREATE TABLE "mlflow_run_tags" (
    "runId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "mlflow_run_tags_pkey" PRIMARY KEY ("runId","key")
);

-- CreateIndex
CREATE INDEX "model_aliases_versionId_idx" ON "model_aliases"("versionId");

-- CreateIndex
CREATE UNIQUE INDEX "mlflow_experiments_name_key" ON "mlflow_experiments"("name");

-- CreateIndex
CREATE INDEX "mlflow_runs_experimentId_startTime_idx" ON "mlflow_runs"("experimentId", "startTime");

-- CreateIndex
CREATE INDEX "mlflow_run_metrics_runId_key_step_timestamp_idx" ON "mlflow_run_metrics"("runId", "key", "step", "timestamp");

-- CreateIndex
CREATE INDEX "model_versions_runId_idx" ON "model_versions"("runId");

-- CreateIndex
CREATE INDEX "model_versions_updatedAt_idx" ON "model_versions"("updatedAt");

-- AddForeignKey
ALTER TABLE "mlflow_model_tags" ADD CONSTRAINT "mlflow_model_tags_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mlflow_version_tags" ADD CONSTRAINT "mlflow_version_tags_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_aliases" ADD CONSTRAINT "model_aliases_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_aliases" ADD CONSTRAINT "model_aliases_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mlflow_experiment_tags" ADD CONSTRAINT "mlflow_experiment_tags_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "mlflow_experiments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mlflow_runs" ADD CONSTRAINT "mlflow_runs_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "mlflow_experiments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mlflow_run_metrics" ADD CONSTRAINT "mlflow_run_metrics_runId_fkey" FOREIGN KEY ("runId") REFERENCES "mlflow_runs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mlflow_run_params" ADD CONSTRAINT "mlflow_run_params_runId_fkey" FOREIGN KEY ("runId") REFERENCES "mlflow_runs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mlflow_run_tags" ADD CONSTRAINT "mlflow_run_tags_runId_fkey" FOREIGN KEY ("runId") REFERENCES "mlflow_runs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- MLflow names are unique among live models. A model's MLflow name is its slug unless "mlflowName" says
-- otherwise; archived models (deleted through MLflow) free their name. The "C" collation gives MLflow's
-- byte order for `ORDER BY name` and lets name lookups, prefix LIKEs and the default sort use this index.
CREATE UNIQUE INDEX "models_mlflow_name_live_key" ON "models" ((COALESCE("mlflowName", "slug")) COLLATE "C") WHERE "archivedAt" IS NULL;

-- MLflow clients expect experiment 0, "Default". Its artifact location is the configured root + "/0".
INSERT INTO "mlflow_experiments" ("id", "name", "artifactLocation") VALUES (0, 'Default', '');
