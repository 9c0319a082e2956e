/**
 * The life of an alert (issue 8): OPEN → (ACKNOWLEDGED) → RESOLVED, at most one unresolved alert per rule
 * (a partial unique index backs this up). Evaluations decide; people only acknowledge.
 *
 * | unresolved alert        | rule outcome                  | action                                        |
 * |-------------------------|-------------------------------|-----------------------------------------------|
 * | none                    | violated                      | open                                          |
 * | none                    | clear, unknown, not watching  | nothing                                       |
 * | for the watched version | violated                      | keep (OPEN or ACKNOWLEDGED stays as it is)    |
 * | for the watched version | clear                         | resolve — acknowledged alerts resolve too     |
 * | for the watched version | unknown (no data)             | keep: missing data is not recovery            |
 * | for another version     | violated                      | resolve it, open one for the watched version  |
 * | any                     | not watching (rule disabled,  | resolve                                       |
 * |                         | nothing live, version gone)   |                                               |
 * | for another version     | clear or unknown              | resolve                                       |
 */
export type TAlertStatus = "OPEN" | "ACKNOWLEDGED" | "RESOLVED";

export type TUnresolvedAlert = {
  id: string;
  status: "OPEN" | "ACKNOWLEDGED";
  versionId: string | null;
  openedAt: number;
};

export type TWatch = { watching: true; versionId: string; versionNumber: number } | { watching: false; reason: string };

export type TAlertAction =
  | { type: "none" }
  | { type: "keep"; alertId: string }
  | { type: "open" }
  | { type: "resolve"; alertId: string; resolution: string }
  | { type: "replace"; alertId: string; resolution: string };

export function nextAlertAction(o: {
  current: TUnresolvedAlert | null;
  watch: TWatch;
  violated: boolean | null;
  message: string;
}): TAlertAction {
  const { current, watch, violated } = o;
  if (!watch.watching)
    return current ? { type: "resolve", alertId: current.id, resolution: watch.reason } : { type: "none" };
  if (!current) return violated === true ? { type: "open" } : { type: "none" };
  const sameVersion = current.versionId === null || current.versionId === watch.versionId;
  if (!sameVersion) {
    const resolution = `The alerted version is no longer the one watched: v${watch.versionNumber} is live now.`;
    return violated === true
      ? { type: "replace", alertId: current.id, resolution }
      : { type: "resolve", alertId: current.id, resolution };
  }
  if (violated === false)
    return { type: "resolve", alertId: current.id, resolution: `Condition cleared: ${o.message}` };
  return { type: "keep", alertId: current.id };
}

/** Acknowledging is for open alerts only; the reason is shown to the person when it is refused. */
export function checkAcknowledge(status: TAlertStatus): { ok: true } | { ok: false; message: string } {
  if (status === "OPEN") return { ok: true };
  return {
    ok: false,
    message:
      status === "ACKNOWLEDGED"
        ? "This alert is already acknowledged."
        : "This alert is resolved; there is nothing to acknowledge.",
  };
}
