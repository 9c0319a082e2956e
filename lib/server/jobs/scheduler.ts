import "server-only";
import { getLogger } from "../log/logger";
import { recordJobRun } from "../observability/metrics";

/**
 * Background jobs of one server process (outbox delivery, scheduled alert evaluation…). Each job runs
 * every `everyMs`, never overlapping itself; a failing run is logged and retried at the next tick.
 * Work that must not be done twice across processes claims its rows in the database
 * (`FOR UPDATE SKIP LOCKED`), so several instances may run the same jobs against one PostgreSQL.
 */
export type Job = { name: string; everyMs: number; run: () => Promise<void> };

type State = { jobs: Map<string, Job>; timers: NodeJS.Timeout[]; running: Set<Promise<void>>; started: boolean };

const g = globalThis as unknown as { __modelgateJobs?: State };
const state: State = (g.__modelgateJobs ??= { jobs: new Map(), timers: [], running: new Set(), started: false });

/**
 * One log line per run and the job metrics. A run that went well logs at info for jobs that run at most once
 * a minute (alert evaluation, retention) and at debug for the per-second outbox pump; a failure always at error.
 */
function observeJobRun(name: string, everyMs: number, ok: boolean, t0: number, err?: unknown): void {
  const ms = Math.round(performance.now() - t0);
  try {
    recordJobRun(name, ok, ms / 1000);
    const log = getLogger();
    if (ok) log[everyMs >= 60_000 ? "info" : "debug"]({ event: "job.run", job: name, ok, durationMs: ms }, "job run");
    else log.error({ event: "job.run", job: name, ok, durationMs: ms, error: err instanceof Error ? err.message : String(err) }, `job ${name} failed`);
  } catch {
    // observability never stops a job
  }
}

export function registerJob(job: Job): void {
  state.jobs.set(job.name, job);
  if (state.started) schedule(job);
}

function schedule(job: Job): void {
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    const t0 = performance.now();
    const p = job
      .run()
      .then(
        () => observeJobRun(job.name, job.everyMs, true, t0),
        (err) => observeJobRun(job.name, job.everyMs, false, t0, err),
      )
      .finally(() => {
        busy = false;
        state.running.delete(p);
      });
    state.running.add(p);
  };
  const timer = setInterval(tick, job.everyMs);
  timer.unref();
  state.timers.push(timer);
}

export function startJobs(): void {
  if (state.started) return;
  state.started = true;
  for (const job of state.jobs.values()) schedule(job);
}

/** Stops scheduling and waits for runs in flight (graceful shutdown, tests). */
export async function stopJobs(): Promise<void> {
  state.started = false;
  for (const t of state.timers) clearInterval(t);
  state.timers = [];
  await Promise.allSettled([...state.running]);
}
