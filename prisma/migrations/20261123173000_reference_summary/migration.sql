-- Per-column summary of a reference dataset (role, type, missing rate, range or categories), computed
-- when the dataset is registered so that reading it never loads the columns themselves.
ALTER TABLE "reference_datasets" ADD COLUMN "summary" JSONB NOT NULL DEFAULT '[]';
