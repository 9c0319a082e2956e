import "server-only";
import type { Tx } from "@/lib/db/client";

/**
 * Claims a model for the scheduled pass: locks its alert rules FOR UPDATE SKIP LOCKED for the rest of the
 * transaction. False when the model has no rules, or another instance's pass holds them right now — then this
 * pass moves on, so background work is not done twice across instances (DESIGN.md 5). Ingestion does not
 * claim: evaluation is safe without a lock (evaluate-alert-rules.ts).
 */
export async function claimModelRules(tx: Tx, modelId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM alert_rules WHERE "modelId" = ${modelId} ORDER BY id FOR UPDATE SKIP LOCKED`;
  return rows.length > 0;
}
