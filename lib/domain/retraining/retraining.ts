/**
 * When a rule marked "retrain" stays violated, the model gets a retraining request (DESIGN.md 2.2).
 *
 * "Stays violated" — decided here, documented in docs/ARCHITECTURE.md — is either of:
 * - the condition held in the last SUSTAIN_PERIODS consecutive periods of data: two consecutive metric windows
 *   (e.g. auc < 0.75 over the last 24 h and over the 24 h before), or the two latest sample windows for drift
 *   and quality rules. Judged on data, not on how often evaluations ran, so a burst of ingestion batches
 *   cannot make a one-hour blip look sustained, and a backfill is judged at once;
 * - or its alert has stayed unresolved for SUSTAIN_HOURS while the condition still holds (covers rules whose
 *   data cannot show a streak, such as a window rule fed one window a week).
 * A transient dip (one bad period) opens an alert but no retraining request.
 */
export const SUSTAIN_PERIODS = 2;
export const SUSTAIN_HOURS = 24;

const HOUR = 3_600_000;

export const RETRAINING_STATUSES = ["OPEN", "IN_PROGRESS", "DONE", "CANCELLED"] as const;
export type TRetrainingStatus = (typeof RETRAINING_STATUSES)[number];

export function isSustained(o: {
  violated: boolean | null;
  streak: number;
  alertOpenedAt: number | null;
  now: number;
}): boolean {
  if (o.violated !== true) return false;
  if (o.streak >= SUSTAIN_PERIODS) return true;
  return o.alertOpenedAt !== null && o.now - o.alertOpenedAt >= SUSTAIN_HOURS * HOUR;
}

/**
 * Open a request when a retrain rule's violation is sustained and the model has no active one (OPEN or
 * IN_PROGRESS): one request gathers the evidence, later evaluations add nothing.
 */
export function shouldRequestRetraining(o: {
  retrain: boolean;
  sustained: boolean;
  hasActiveRequest: boolean;
}): boolean {
  return o.retrain && o.sustained && !o.hasActiveRequest;
}

/**
 * Status changes people may make. DONE and CANCELLED are final; IN_PROGRESS is also set by the registry when
 * the next version of the model is registered and linked to the request.
 */
export function checkRetrainingStatusChange(
  from: TRetrainingStatus,
  to: TRetrainingStatus,
): { ok: true } | { ok: false; message: string } {
  if (from === to) return { ok: true };
  if (from === "DONE" || from === "CANCELLED")
    return { ok: false, message: `The request is ${from.toLowerCase()}; it cannot change any more.` };
  if (to === "OPEN" && from === "IN_PROGRESS")
    return { ok: false, message: "A request in progress cannot go back to open; cancel it instead." };
  return { ok: true };
}
