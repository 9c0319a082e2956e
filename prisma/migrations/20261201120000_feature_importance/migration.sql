-- Feature importance (issue 19): one row of global importances per version, the per-model list of features
-- approved to drive decisions (gate requirement "no feature outside the approved list in the top N"), and the
-- WEIGHTED_DRIFT alert kind. The importance-weighted drift score of a window lives in sample_windows.summary
-- (key "weightedDrift"); no column changes there.
CREATE TABLE "feature_importances" (
    "versionId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "values" JSONB NOT NULL,
    "segments" JSONB NOT NULL DEFAULT '{}',
    "source" TEXT NOT NULL DEFAULT 'api',
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "feature_importances_pkey" PRIMARY KEY ("versionId"),
    CONSTRAINT "feature_importances_method_check" CHECK ("method" IN ('shap_mean_abs', 'permutation', 'gain', 'other')),
    CONSTRAINT "feature_importances_source_check" CHECK ("source" IN ('api', 'mlflow', 'seed'))
);

ALTER TABLE "feature_importances" ADD CONSTRAINT "feature_importances_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "feature_importances" ADD CONSTRAINT "feature_importances_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "models" ADD COLUMN "approvedFeatures" TEXT[] DEFAULT ARRAY[]::TEXT[];

ALTER TYPE "AlertKind" ADD VALUE 'WEIGHTED_DRIFT';
