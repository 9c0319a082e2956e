import type { THealth } from "../monitoring/health";

/**
 * Rollback target selection (DESIGN.md 2.2: "back to the last version that was healthy in production").
 *
 * The rule, decided here and documented in docs/ARCHITECTURE.md: among the production deployments of the
 * model in the same environment, the target is the one that ended most recently (ties: deployed most
 * recently) such that
 * - it was SUPERSEDED — replaced in the ordinary way. A ROLLED_BACK deployment was pulled for a reason and a
 *   FAILED one never served, so neither is "healthy in production";
 * - it is of another version than the one live now, and that version is not itself marked ROLLED_BACK;
 * - its version was not CRITICAL when it was replaced: `healthAtEnd`, computed by the server from the last
 *   24 h of its production metrics before the deployment ended and any CRITICAL alert still open on it at
 *   that moment. UNKNOWN (no data) is accepted: no evidence of harm is not evidence of harm.
 * Candidates that fail are returned with why, so the UI and the API can explain an empty answer.
 */
export type TProductionDeploymentFact = {
  deploymentId: string;
  versionId: string;
  versionNumber: number;
  status: "ACTIVE" | "SUPERSEDED" | "ROLLED_BACK" | "FAILED";
  versionStatus: "READY" | "IN_REVIEW" | "REJECTED" | "ROLLED_BACK";
  deployedAt: number;
  endedAt: number | null;
  healthAtEnd: THealth;
};

export type TRollbackCandidate = TProductionDeploymentFact & { eligible: boolean; why: string };

export type TRollbackSelection =
  | { ok: true; target: TProductionDeploymentFact; candidates: TRollbackCandidate[] }
  | { ok: false; reason: string; candidates: TRollbackCandidate[] };

export function selectRollbackTarget(o: {
  live: { versionId: string; versionNumber: number } | null;
  history: readonly TProductionDeploymentFact[];
}): TRollbackSelection {
  if (!o.live)
    return {
      ok: false,
      reason: "Nothing is live in this environment, so there is nothing to roll back.",
      candidates: [],
    };
  const live = o.live;
  const candidates: TRollbackCandidate[] = o.history
    .filter((d) => d.status !== "ACTIVE")
    .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0) || b.deployedAt - a.deployedAt)
    .map((d) => ({ ...d, ...judge(d, live) }));
  const target = candidates.find((c) => c.eligible);
  if (!target) {
    const reason = candidates.length
      ? `No earlier production version qualifies (${candidates.map((c) => `v${c.versionNumber}: ${c.why}`).join("; ")}).`
      : `v${live.versionNumber} is the first version deployed here; there is no earlier version to return to.`;
    return { ok: false, reason, candidates };
  }
  const { eligible: _eligible, why: _why, ...fact } = target;
  return { ok: true, target: fact, candidates };
}

function judge(
  d: TProductionDeploymentFact,
  live: { versionId: string; versionNumber: number },
): { eligible: boolean; why: string } {
  if (d.versionId === live.versionId)
    return { eligible: false, why: `an earlier deployment of v${live.versionNumber}, which is live now` };
  if (d.status === "ROLLED_BACK") return { eligible: false, why: "rolled back from production" };
  if (d.status === "FAILED") return { eligible: false, why: "the deployment failed" };
  if (d.versionStatus === "ROLLED_BACK") return { eligible: false, why: "the version is marked rolled back" };
  if (d.healthAtEnd === "CRITICAL") return { eligible: false, why: "it was critical when it was replaced" };
  return {
    eligible: true,
    why:
      d.healthAtEnd === "UNKNOWN"
        ? "healthy as far as known (no metrics at the time)"
        : `${d.healthAtEnd.toLowerCase()} when it was replaced`,
  };
}
