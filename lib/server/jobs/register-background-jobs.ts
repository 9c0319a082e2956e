import "server-only";

/**
 * The one place background jobs are registered (called once at start-up when MODELGATE_WORKERS=on).
 * Each feature adds its job here with registerJob from ./scheduler.
 */
export async function registerBackgroundJobs(): Promise<void> {
  // Jobs are added by their features (webhook outbox delivery, scheduled alert evaluation).
}
