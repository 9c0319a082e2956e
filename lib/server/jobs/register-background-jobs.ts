import "server-only";
import { AUDIT_SEQUENCER_EVERY_MS, runAuditSequencerJob } from "../audit/integrate-audit-events";
import { alertEvaluationEveryMs, evaluateAlertsOnSchedule } from "../alerts/evaluate-alerts-on-schedule";
import { METRIC_PARTITIONS_JOB } from "./metric-partitions-job";
import { refreshPortfolioSnapshotIfDue } from "../views/refresh-portfolio-snapshot";
import { RETENTION_JOB } from "./retention";
import { registerJob } from "./scheduler";
import { WEBHOOK_DELIVERY_JOB } from "./webhook-delivery-job";

/**
 * The one place background jobs are registered (called once at start-up when MODELGATE_WORKERS=on).
 * Each feature adds its job here with registerJob from ./scheduler.
 */
export async function registerBackgroundJobs(): Promise<void> {
  // Jobs are added by their features (webhook outbox delivery, scheduled alert evaluation).
  // Webhook outbox delivery: every second, batches of 100, up to 100 POSTs in flight (issue 8).
  registerJob(WEBHOOK_DELIVERY_JOB);
  // Audit sequencer (issue 13): chains committed audit events; one instance at a time does the work.
  registerJob({ name: "audit-sequencer", everyMs: AUDIT_SEQUENCER_EVERY_MS, run: runAuditSequencerJob });
  // Scheduled alert evaluation (issue 8): staleness and sliding windows change with no data arriving.
  // Once per period across all instances (a lease in job_leases); the period is MODELGATE_ALERT_EVALUATION_SECONDS.
  // Retention (issue 15): once a day across all instances; each run logs what it deleted.
  registerJob(RETENTION_JOB);
  // Monthly metric_points partitions ahead of time (issue 18; PostgreSQL only, a no-op on PGlite).
  registerJob(METRIC_PARTITIONS_JOB);
  // Portfolio read model (issue 18): every 5 s, refreshes the overview's snapshot when it is stale, at most
  // once per ten times its last duration; the snapshot row's lease keeps it to one instance at a time.
  registerJob({ name: "portfolio-snapshot", everyMs: 5_000, run: () => refreshPortfolioSnapshotIfDue() });
  registerJob({
    name: "alert-evaluation",
    everyMs: alertEvaluationEveryMs(),
    oncePerPeriod: true,
    run: () => evaluateAlertsOnSchedule(),
  });
}
