-- Handoffs: who proposed one. Usually the from-user; an administrator may propose for an owner who left
-- (issue 6: reassignment of a deactivated user's models through handoffs).
ALTER TABLE "handoffs" ADD COLUMN "proposedById" TEXT;

-- Existing rows were proposed by their from-user.
UPDATE "handoffs" SET "proposedById" = "fromUserId" WHERE "proposedById" IS NULL;

ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_proposedById_fkey" FOREIGN KEY ("proposedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The teams a handoff goes from and to were plain ids; make them references (teams are never deleted today).
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_fromTeamId_fkey" FOREIGN KEY ("fromTeamId") REFERENCES "teams"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_toTeamId_fkey" FOREIGN KEY ("toTeamId") REFERENCES "teams"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The overview's time-in-stage and lead-time window reads stage entries of the last 90 days.
CREATE INDEX "stage_history_enteredAt_idx" ON "stage_history"("enteredAt");
