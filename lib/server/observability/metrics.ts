import "server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { openDatabase } from "@/lib/db/client";
import { transactionRetryCount } from "@/lib/db/run-transaction";
import { auditSequencerStats } from "../audit/integrate-audit-events";

/**
 * The process's Prometheus metrics (prom-client), one registry per process kept on globalThis (Next may
 * load this module more than once). Served by GET /metrics when MODELGATE_METRICS_TOKEN is set. Route
 * labels are templates (`/api/v1/models/{modelId}`), never raw paths, so cardinality stays bounded.
 */
type TMetrics = {
  registry: Registry;
  httpRequests: Counter<"route" | "method" | "status">;
  httpDuration: Histogram<"route" | "method">;
  ingestedPoints: Counter;
  jobRuns: Counter<"job" | "outcome">;
  jobDuration: Histogram<"job">;
};

const g = globalThis as unknown as { __modelgateMetrics?: TMetrics };

export function getMetrics(): TMetrics {
  if (g.__modelgateMetrics) return g.__modelgateMetrics;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const m: TMetrics = {
    registry,
    httpRequests: new Counter({
      name: "modelgate_http_requests_total",
      help: "HTTP API requests by route template, method and status",
      labelNames: ["route", "method", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "modelgate_http_request_duration_seconds",
      help: "HTTP API request latency by route template and method",
      labelNames: ["route", "method"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    ingestedPoints: new Counter({
      name: "modelgate_ingested_metric_points_total",
      help: "Monitoring metric points stored by ingestion",
      registers: [registry],
    }),
    jobRuns: new Counter({
      name: "modelgate_job_runs_total",
      help: "Background job runs by job and outcome (ok, failed)",
      labelNames: ["job", "outcome"],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: "modelgate_job_run_duration_seconds",
      help: "Background job run duration",
      labelNames: ["job"],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60],
      registers: [registry],
    }),
  };
  // Read at scrape time from the database and the pool: one cheap statement per scrape.
  new Gauge({
    name: "modelgate_webhook_outbox_depth",
    help: "Webhook deliveries waiting to be sent (PENDING)",
    registers: [registry],
    async collect() {
      this.set((await outboxState()).depth);
    },
  });
  new Gauge({
    name: "modelgate_webhook_outbox_oldest_pending_seconds",
    help: "Age of the oldest PENDING webhook delivery (0 when none)",
    registers: [registry],
    async collect() {
      this.set((await outboxState()).oldestSeconds);
    },
  });
  new Gauge({
    name: "modelgate_db_pool_connections",
    help: "Database pool connections by state (total, idle, waiting clients); PGlite reports one total",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      const { connection } = await openDatabase();
      const s = connection.stats?.() ?? { total: 1, idle: 0, waiting: 0 };
      this.set({ state: "total" }, s.total);
      this.set({ state: "idle" }, s.idle);
      this.set({ state: "waiting" }, s.waiting);
    },
  });
  new Gauge({
    name: "modelgate_db_transaction_retries",
    help: "Transactions re-run after a deadlock or serialization failure since start",
    registers: [registry],
    collect() {
      this.set(transactionRetryCount());
    },
  });
  // The audit chain (issue 13): events committed but not yet chained, how long the oldest has waited (read from the
  // database, so every instance reports the cluster's figure), and the lag of the last pass this instance ran.
  new Gauge({
    name: "modelgate_audit_pending_events",
    help: "Committed audit events not yet integrated into the hash chain",
    registers: [registry],
    async collect() {
      this.set((await auditPendingState()).pending);
    },
  });
  new Gauge({
    name: "modelgate_audit_oldest_pending_seconds",
    help: "Age of the oldest audit event waiting for the sequencer (0 when none)",
    registers: [registry],
    async collect() {
      this.set((await auditPendingState()).oldestSeconds);
    },
  });
  new Gauge({
    name: "modelgate_audit_chain_lag_seconds",
    help: "Commit-to-chain delay of the slowest event in this instance's last sequencer pass (max since start with stat=max)",
    labelNames: ["stat"],
    registers: [registry],
    collect() {
      const s = auditSequencerStats();
      this.set({ stat: "last" }, s.lastLagMs / 1000);
      this.set({ stat: "max" }, s.maxLagMs / 1000);
    },
  });
  g.__modelgateMetrics = m;
  return m;
}

let auditRead: { at: number; value: Promise<{ pending: number; oldestSeconds: number }> } | null = null;
function auditPendingState(): Promise<{ pending: number; oldestSeconds: number }> {
  if (auditRead && Date.now() - auditRead.at < 1000) return auditRead.value;
  const value = (async () => {
    const { connection } = await openDatabase();
    // The partial index audit_events_pending_idx holds only pending events: this stays cheap at any log size.
    const [row] = await connection.runner.query<{ pending: string | number; oldest: string | number | null }>(
      `SELECT count(*) AS pending, EXTRACT(EPOCH FROM (now() - min("createdAt"))) AS oldest FROM "audit_events" WHERE "position" IS NULL`,
    );
    return { pending: Number(row?.pending ?? 0), oldestSeconds: Math.max(0, Number(row?.oldest ?? 0)) };
  })();
  auditRead = { at: Date.now(), value };
  value.catch(() => (auditRead = null));
  return value;
}

// Both outbox gauges come from one statement, shared by the two collects of one scrape.
let outboxRead: { at: number; value: Promise<{ depth: number; oldestSeconds: number }> } | null = null;
function outboxState(): Promise<{ depth: number; oldestSeconds: number }> {
  if (outboxRead && Date.now() - outboxRead.at < 1000) return outboxRead.value;
  const value = (async () => {
    const { connection } = await openDatabase();
    const [row] = await connection.runner.query<{ depth: string | number; oldest: string | number | null }>(
      `SELECT count(*) AS depth, EXTRACT(EPOCH FROM (now() - min("createdAt"))) AS oldest FROM "webhook_deliveries" WHERE "status" = 'PENDING'`,
    );
    return { depth: Number(row?.depth ?? 0), oldestSeconds: Math.max(0, Number(row?.oldest ?? 0)) };
  })();
  outboxRead = { at: Date.now(), value };
  value.catch(() => (outboxRead = null));
  return value;
}

export function recordHttpRequest(route: string, method: string, status: number, seconds: number): void {
  const m = getMetrics();
  m.httpRequests.inc({ route, method, status: String(status) });
  m.httpDuration.observe({ route, method }, seconds);
}

export function recordJobRun(job: string, ok: boolean, seconds: number): void {
  const m = getMetrics();
  m.jobRuns.inc({ job, outcome: ok ? "ok" : "failed" });
  m.jobDuration.observe({ job }, seconds);
}

export function recordIngestedPoints(n: number): void {
  if (n > 0) getMetrics().ingestedPoints.inc(n);
}
