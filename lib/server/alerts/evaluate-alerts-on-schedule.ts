import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { addInto, evaluateModelAlerts, NO_EVALUATION, type TEvaluationSummary } from "./evaluate-alert-rules";
import { claimModelRules } from "./lock-rules";
import { runTransaction } from "@/lib/db/run-transaction";

/** The period of the scheduled pass: MODELGATE_ALERT_EVALUATION_SECONDS (default 300), once per period across instances. */
export function alertEvaluationEveryMs(): number {
  return getEnv().MODELGATE_ALERT_EVALUATION_SECONDS * 1000;
}

/**
 * The scheduled pass: every model with alert rules, one short transaction each, so one slow model never
 * holds the others' locks. Catches what no ingestion can — staleness (no data arrives to trigger anything),
 * windows of time sliding past old data, rules watching a version other than the one that just sent data.
 * Each model is claimed first (its rules, FOR UPDATE SKIP LOCKED), so when several instances share a
 * database one pass evaluates it and the others move on; evaluation itself needs no lock (its writes are
 * constraint-guarded, see evaluate-alert-rules.ts).
 */
export async function evaluateAlertsOnSchedule({ now = new Date() }: { now?: Date } = {}): Promise<TEvaluationSummary> {
  const db = await getDb();
  const models = await db.alertRule.findMany({
    distinct: ["modelId"],
    select: { modelId: true },
    orderBy: { modelId: "asc" },
  });
  const total = { ...NO_EVALUATION };
  for (const { modelId } of models) {
    const summary = await runTransaction(
      async (tx) => ((await claimModelRules(tx, modelId)) ? evaluateModelAlerts(tx, { modelId, now }) : NO_EVALUATION),
      { timeoutMs: 30_000, db },
    );
    addInto(total, summary);
  }
  return total;
}
