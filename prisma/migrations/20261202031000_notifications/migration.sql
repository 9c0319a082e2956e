-- In-app notifications (issue 17): one row per recipient, written in the transaction of the event it tells
-- about (a promotion decision, a handoff, an alert on one's model, a retraining request). Unread rows are
-- counted through the partial index on every page (the bell), the inbox pages by (userId, createdAt).
CREATE TABLE "notifications" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "link" TEXT NOT NULL,
    "modelId" TEXT,
    "actorLabel" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMPTZ(3),
    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "notifications_kind_check" CHECK ("kind" IN ('promotion_decided', 'handoff_proposed', 'handoff_answered', 'alert_opened', 'retraining_requested'))
);
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "notifications_userId_createdAt_idx" ON "notifications"("userId", "createdAt" DESC, "id" DESC);
CREATE INDEX "notifications_unread_idx" ON "notifications"("userId") WHERE "readAt" IS NULL;
