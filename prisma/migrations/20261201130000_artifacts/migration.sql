-- Issue 20: Modelgate stores the models. A version whose source points into the artifact store keeps the
-- store directory of its files, their manifest and its digest, and what its MLmodel file says; approvals
-- and deployments record the digest they approved or deployed.
ALTER TABLE "model_versions" ADD COLUMN "artifactKey" TEXT;
ALTER TABLE "model_versions" ADD COLUMN "artifactManifest" JSONB;
ALTER TABLE "model_versions" ADD COLUMN "artifactDigest" TEXT;
ALTER TABLE "model_versions" ADD COLUMN "modelSignature" JSONB;
CREATE INDEX "model_versions_artifactKey_idx" ON "model_versions" ("artifactKey") WHERE "artifactKey" IS NOT NULL;

ALTER TABLE "approvals" ADD COLUMN "artifactDigest" TEXT;
ALTER TABLE "deployments" ADD COLUMN "artifactDigest" TEXT;

-- The Default experiment of a fresh install, with no run yet, keeps its artifacts in the proxy like every new
-- experiment (mlflow-artifacts:/0); one that already has runs keeps the location its runs were given.
UPDATE "mlflow_experiments" SET "artifactLocation" = 'mlflow-artifacts:/0'
 WHERE "id" = 0 AND "artifactLocation" = '' AND NOT EXISTS (SELECT 1 FROM "mlflow_runs" WHERE "experimentId" = 0);

-- Integrity alerts (a stored file differs from the manifest) hang on a per-model system rule of this kind,
-- which the alert evaluator leaves alone.
ALTER TYPE "AlertKind" ADD VALUE 'ARTIFACT_INTEGRITY';
