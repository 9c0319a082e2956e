import "server-only";
import type { Tx } from "@/lib/db/client";

/**
 * Ends every pending delivery of a webhook that was just deactivated, so none is left waiting forever:
 * FAILED, with the reason, redeliverable once the webhook is active again. A delivery in flight at this
 * moment still records its attempt (the worker's compare-and-set does not look at the status): if the
 * receiver took it, it becomes SUCCEEDED — the truth — and otherwise it stays FAILED.
 */
export async function failPendingDeliveries(tx: Tx, webhookId: string, reason: string): Promise<number> {
  return tx.$executeRaw`
    UPDATE webhook_deliveries SET status = 'FAILED', "lastError" = ${reason}, "completedAt" = now()
    WHERE "webhookId" = ${webhookId} AND status = 'PENDING'`;
}
