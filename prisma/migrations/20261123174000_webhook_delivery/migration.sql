-- Webhook delivery (issue 8): why a webhook was switched off automatically (410 Gone), when its secret was
-- last rotated, and per delivery the attempts made before the current cycle (a manual redelivery starts a
-- new cycle of retries while attempt numbers keep counting, so the attempt log never repeats a number).
ALTER TABLE "webhooks" ADD COLUMN "disabledReason" TEXT;
ALTER TABLE "webhooks" ADD COLUMN "secretRotatedAt" TIMESTAMPTZ(3);
ALTER TABLE "webhook_deliveries" ADD COLUMN "cycleStart" INTEGER NOT NULL DEFAULT 0;

-- Deleting a webhook removes its deliveries and their attempts (the deletion itself is audited).
ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_webhookId_fkey";
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "delivery_attempts" DROP CONSTRAINT "delivery_attempts_deliveryId_fkey";
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The settings page lists one webhook's deliveries, newest first.
CREATE INDEX "webhook_deliveries_webhookId_createdAt_idx" ON "webhook_deliveries"("webhookId", "createdAt");
