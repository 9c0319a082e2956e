-- Model cards (issue 17): one GitHub-flavoured markdown card per model, with when and by whom it was last
-- changed. Empty = no card yet (the editor then starts from the "Model Cards for Model Reporting" template).
-- The gate requirement "model card complete" lives in gate_policies.requirements (key "requireModelCard").
ALTER TABLE "models" ADD COLUMN "modelCard" TEXT NOT NULL DEFAULT '';
ALTER TABLE "models" ADD COLUMN "modelCardUpdatedAt" TIMESTAMPTZ(3);
ALTER TABLE "models" ADD COLUMN "modelCardUpdatedById" TEXT;
ALTER TABLE "models" ADD CONSTRAINT "models_modelCardUpdatedById_fkey" FOREIGN KEY ("modelCardUpdatedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
