import "server-only";
import { getDb } from "@/lib/db/client";
import { getLogger } from "../log/logger";
import { recordJobRun } from "../observability/metrics";
import { claimPeriod, finishPeriod } from "./job-lease";

/**
 * Background jobs of one server process (outbox delivery, scheduled alert evaluation, retention). Each job
 * runs every `everyMs`, never overlapping itself; a failing run is logged and retried at the next tick.
 * Work that must not be done twice across processes either claims its rows in the database
 * (`FOR UPDATE SKIP LOCKED`: the outbox) or, with `oncePerPeriod`, claims the whole period in `job_leases`
 * (job-lease.ts): such a job ticks five times per period on every instance and runs once per period across
 * all of them.
 */
export type Job = {
  name: string;
  everyMs: number;
  /** What the run returns is logged with its line (counts: keep it small and free of secrets). */
  run: () => Promise<unknown>;
  /** Run once per `everyMs` period across every instance on the database (a lease in `job_leases`). */
  oncePerPeriod?: boolean;
  /** How long a claimed period stays held before another instance may take the run over (default: the period). */
  leaseMs?: number;
};

type State = {
  jobs: Map<string, Job>;
  timers: NodeJS.Timeout[];
  running: Set<Promise<void>>;
  started: boolean;
  stopping: boolean;
};

const g = globalThis as unknown as { __modelgateJobs?: State };
const state: State = (g.__modelgateJobs ??= {
  jobs: new Map(),
  timers: [],
  running: new Set(),
  started: false,
  stopping: false,
});

/**
 * One log line per run and the job metrics. A run that went well logs at info for leased jobs and jobs that
 * run at most once a minute, and at debug for the per-second outbox pump; a failure always at error.
 */
function observeJobRun(
  job: Job,
  ok: boolean,
  t0: number,
  extra: { period?: number; result?: unknown; err?: unknown },
): void {
  const ms = Math.round(performance.now() - t0);
  try {
    recordJobRun(job.name, ok, ms / 1000);
    const log = getLogger();
    const line = {
      event: "job.run",
      job: job.name,
      ok,
      durationMs: ms,
      ...(extra.period !== undefined ? { period: extra.period } : {}),
    };
    if (!ok)
      log.error(
        { ...line, error: extra.err instanceof Error ? extra.err.message : String(extra.err) },
        `job ${job.name} failed`,
      );
    else {
      const result = extra.result && typeof extra.result === "object" ? { result: extra.result } : {};
      log[job.oncePerPeriod || job.everyMs >= 60_000 ? "info" : "debug"]({ ...line, ...result }, "job run");
    }
  } catch {
    // observability never stops a job
  }
}

export function registerJob(job: Job): void {
  state.jobs.set(job.name, job);
  if (state.started) schedule(job);
}

async function runOnce(job: Job): Promise<void> {
  const t0 = performance.now();
  let period: number | undefined;
  try {
    if (job.oncePerPeriod) {
      const db = await getDb();
      const claim = await claimPeriod(db, {
        name: job.name,
        periodMs: job.everyMs,
        leaseMs: job.leaseMs ?? job.everyMs,
      });
      if (!claim) return; // another instance has this period
      period = claim.period;
      const result = await job.run();
      await finishPeriod(db, { name: job.name, period });
      observeJobRun(job, true, t0, { period, result });
    } else {
      const result = await job.run();
      observeJobRun(job, true, t0, { result });
    }
  } catch (err) {
    observeJobRun(job, false, t0, { period, err });
  }
}

function schedule(job: Job): void {
  let busy = false;
  const tick = () => {
    if (busy || state.stopping) return;
    busy = true;
    const p = runOnce(job).finally(() => {
      busy = false;
      state.running.delete(p);
    });
    state.running.add(p);
  };
  const timer = setInterval(tick, job.oncePerPeriod ? Math.max(100, Math.floor(job.everyMs / 5)) : job.everyMs);
  timer.unref();
  state.timers.push(timer);
}

export function startJobs(): void {
  if (state.started) return;
  state.started = true;
  state.stopping = false;
  for (const job of state.jobs.values()) schedule(job);
}

/** True once shutdown began: long-running passes (the outbox pump) stop taking new work. */
export function jobsStopping(): boolean {
  return state.stopping;
}

/** Stops scheduling and waits for runs in flight (graceful shutdown, tests). */
export async function stopJobs(): Promise<void> {
  state.stopping = true;
  state.started = false;
  for (const t of state.timers) clearInterval(t);
  state.timers = [];
  await Promise.allSettled([...state.running]);
}
