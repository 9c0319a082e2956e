import "server-only";
import type { Db } from "@/lib/db/client";
import type { TStage } from "@/lib/domain/lifecycle/stages";
import type { TRole } from "@/lib/domain/rbac/permissions";

export type TWaitingHandoff = { id: string; modelSlug: string; modelTitle: string; direction: "DS_TO_IT" | "IT_TO_DS"; fromName: string; proposedAt: string };
export type TWaitingApproval = { id: string; modelSlug: string; modelTitle: string; versionNumber: number; toStage: TStage; requesterName: string; createdAt: string };

/** Requests listed in "Waiting on you" (oldest first); the total counts every one, and the approvals queue lists them all. */
export const WAITING_APPROVALS_CAP = 50;

/**
 * What waits on one person, exact at the time of the request (never from the portfolio snapshot): proposed
 * handoffs addressed to them (the [toUserId, status] index), and pending promotion requests that wait on
 * them by the approvals queue's rule (isWaitingOnReviewer, lib/domain/overview/waiting-on-you.ts) applied in
 * SQL — not their own request, not already voted on by them, its gate snapshot still missing an approval by a
 * role they hold — the oldest WAITING_APPROVALS_CAP of them and how many there are. `roles` null: the person
 * may not decide approvals, so none are read.
 */
export async function loadWaitingOnYou(db: Db, { userId, roles }: { userId: string; roles: readonly TRole[] | null }): Promise<{ handoffs: TWaitingHandoff[]; approvals: TWaitingApproval[]; approvalsTotal: number }> {
  const roleList = roles ?? [];
  const [row] = await db.$queryRaw<{ handoffs: string; approvals: string }[]>`
    SELECT
      (SELECT coalesce(json_agg(json_build_object(
          'id', h.id, 'modelSlug', m.slug, 'modelTitle', m.title, 'direction', h.direction, 'fromName', fu.name, 'proposedAt', h."proposedAt"
        ) ORDER BY h."proposedAt", h.id), '[]'::json)
       FROM handoffs h JOIN models m ON m.id = h."modelId" JOIN users fu ON fu.id = h."fromUserId"
       WHERE h."toUserId" = ${userId} AND h.status = 'PROPOSED')::text AS handoffs,
      (SELECT coalesce(json_agg(json_build_object(
          'id', w.id, 'modelSlug', m.slug, 'modelTitle', m.title, 'versionNumber', v.number, 'toStage', w."toStage",
          'requesterName', u.name, 'createdAt', w."createdAt", 'total', w.total
        ) ORDER BY w."createdAt", w.id), '[]'::json)
       FROM (
         SELECT r.id, r."versionId", r."toStage", r."requesterId", r."createdAt", count(*) OVER () AS total
         FROM transition_requests r
         WHERE r.status = 'PENDING' AND cardinality(${roleList}::text[]) > 0 AND r."requesterId" <> ${userId}
           AND NOT EXISTS (SELECT 1 FROM approvals a WHERE a."requestId" = r.id AND a."approverId" = ${userId})
           AND EXISTS (
             SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r."gateSnapshot"->'requirements') = 'array' THEN r."gateSnapshot"->'requirements' ELSE '[]'::jsonb END) q
             WHERE q->>'met' = 'false' AND q->>'key' LIKE 'approval:%' AND substr(q->>'key', length('approval:') + 1) = ANY(${roleList}::text[]))
         ORDER BY r."createdAt", r.id
         LIMIT ${WAITING_APPROVALS_CAP}
       ) w
       JOIN model_versions v ON v.id = w."versionId" JOIN models m ON m.id = v."modelId" JOIN users u ON u.id = w."requesterId")::text AS approvals`;
  const approvals = JSON.parse(row!.approvals) as (TWaitingApproval & { total: number })[];
  return {
    handoffs: (JSON.parse(row!.handoffs) as TWaitingHandoff[]).map((h) => ({ ...h, proposedAt: new Date(h.proposedAt).toISOString() })),
    approvals: approvals.map(({ total: _total, ...a }) => ({ ...a, createdAt: new Date(a.createdAt).toISOString() })),
    approvalsTotal: Number(approvals[0]?.total ?? 0),
  };
}
