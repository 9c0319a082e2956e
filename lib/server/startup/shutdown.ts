import "server-only";
import { openDatabase } from "@/lib/db/client";
import { releaseLeases } from "../jobs/job-lease";
import { quiesceAuditSequencer } from "../audit/integrate-audit-events";
import { stopJobs } from "../jobs/scheduler";
import { drainWebhookDeliveries } from "../jobs/webhook-delivery-job";
import { getLogger } from "../log/logger";

/** Hard limit from SIGTERM to exit: orchestrators usually kill at 10 s (Kubernetes' default grace is 30 s). */
export const SHUTDOWN_DEADLINE_MS = 9_000;

/**
 * Graceful shutdown on SIGTERM/SIGINT. Next's own handler stops accepting connections and waits for the
 * requests in flight, then calls process.exit; in parallel this stops the background jobs (no new claims),
 * waits for webhook POSTs in flight to be answered and recorded, and releases this instance's job leases.
 * process.exit is held until both are done, or SHUTDOWN_DEADLINE_MS passed: a delivery still unanswered
 * then keeps its lease and is retried by another instance as a new attempt (at least once, same event id).
 */
export function installShutdownHandlers(): void {
  const g = globalThis as unknown as { __modelgateShutdown?: boolean };
  if (g.__modelgateShutdown) return;
  g.__modelgateShutdown = true;
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    const log = getLogger();
    const t0 = Date.now();
    log.info({ event: "shutdown.start", signal }, "shutting down: no new work, finishing what is in flight");
    const realExit = process.exit.bind(process);
    let exitCode: number | undefined;
    let exitRequested = false;
    let drained = false;
    const finish = (code?: number) => {
      log.info({ event: "shutdown.done", ms: Date.now() - t0 }, "shut down");
      realExit(code ?? exitCode ?? 0);
    };
    // Hold Next's exit until the drain below is over.
    process.exit = ((code?: number) => {
      exitRequested = true;
      exitCode = code;
      if (drained) finish(code);
      return undefined as never;
    }) as typeof process.exit;
    const hardStop = setTimeout(() => {
      log.warn(
        { event: "shutdown.deadline", ms: Date.now() - t0 },
        "shutdown deadline reached: exiting with work still in flight",
      );
      realExit(exitCode ?? 143);
    }, SHUTDOWN_DEADLINE_MS);
    hardStop.unref();
    void (async () => {
      try {
        await stopJobs();
        await drainWebhookDeliveries();
        // Chain what this instance committed, so a graceful stop leaves nothing pending for long (any instance would).
        await quiesceAuditSequencer();
        const { prisma } = await openDatabase();
        const released = await releaseLeases(prisma);
        log.info(
          { event: "shutdown.drained", leasesReleased: released, ms: Date.now() - t0 },
          "background work finished",
        );
      } catch (err) {
        log.error(
          { event: "shutdown.error", error: err instanceof Error ? err.message : String(err) },
          "error while shutting down",
        );
      } finally {
        drained = true;
        if (exitRequested) finish();
      }
    })();
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
