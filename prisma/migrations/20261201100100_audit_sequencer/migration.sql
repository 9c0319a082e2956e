-- Issue 13: the audit log stays tamper-evident without a global lock (docs/ARCHITECTURE.md, "Audit log").
-- Request transactions only INSERT an event (no lock, no read of the chain head). One sequencer at a time
-- (whichever instance holds pg_try_advisory_xact_lock(48151624)) integrates committed events into the hash
-- chain shortly after: it gives each a dense "position", its prevHash and hash. The chain order is the
-- position order, which is the order the sequencer saw events commit, not their seq order, so an event whose
-- seq is lower but which committed later is simply chained later.
ALTER TABLE "audit_events" ADD COLUMN "position" BIGINT;
ALTER TABLE "audit_events" ALTER COLUMN "prevHash" DROP NOT NULL;
ALTER TABLE "audit_events" ALTER COLUMN "hash" DROP NOT NULL;

-- Events chained so far were chained in seq order under the old global lock: their position is their rank.
ALTER TABLE "audit_events" DISABLE TRIGGER "audit_events_no_update_delete";
UPDATE "audit_events" AS e SET "position" = o.rn
  FROM (SELECT "seq", row_number() OVER (ORDER BY "seq") AS rn FROM "audit_events") AS o
  WHERE e."seq" = o."seq";
ALTER TABLE "audit_events" ENABLE TRIGGER "audit_events_no_update_delete";

CREATE UNIQUE INDEX "audit_events_position_key" ON "audit_events"("position");
-- The sequencer's queue: only not-yet-chained events are in this index, so it stays tiny.
CREATE INDEX "audit_events_pending_idx" ON "audit_events"("seq") WHERE "position" IS NULL;

-- Still append-only: the only change ever allowed to a row is the sequencer's one-time integration, which
-- fills position/prevHash/hash of an unchained event and touches nothing else.
CREATE OR REPLACE FUNCTION "audit_events_append_only"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD."position" IS NULL AND OLD."hash" IS NULL AND OLD."prevHash" IS NULL
     AND NEW."position" IS NOT NULL AND NEW."hash" IS NOT NULL AND NEW."prevHash" IS NOT NULL
     AND (NEW."seq", NEW."actorId", NEW."actorType", NEW."actorLabel", NEW."action", NEW."entityType", NEW."entityId",
          NEW."modelId", NEW."before", NEW."after", NEW."metadata", NEW."createdAt")
         IS NOT DISTINCT FROM
         (OLD."seq", OLD."actorId", OLD."actorType", OLD."actorLabel", OLD."action", OLD."entityType", OLD."entityId",
          OLD."modelId", OLD."before", OLD."after", OLD."metadata", OLD."createdAt")
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql;

-- Verified checkpoints: GET /api/v1/audit/verify starts from the newest one whose signature (HMAC with the
-- server secret) holds, so a verify after a million events costs what was added since.
CREATE TABLE "audit_checkpoints" (
    "position" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_checkpoints_pkey" PRIMARY KEY ("position")
);
