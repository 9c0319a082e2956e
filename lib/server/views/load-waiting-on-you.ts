import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/lib/db/client";
import type { TStage } from "@/lib/domain/lifecycle/stages";
import { ROLES, type TRole } from "@/lib/domain/rbac/permissions";

export type TWaitingHandoff = {
  id: string;
  modelSlug: string;
  modelTitle: string;
  direction: "DS_TO_IT" | "IT_TO_DS";
  fromName: string;
  proposedAt: string;
};
export type TWaitingApproval = {
  id: string;
  modelSlug: string;
  modelTitle: string;
  versionNumber: number;
  toStage: TStage;
  requesterName: string;
  createdAt: string;
};

/** Requests listed in "Waiting on you" (oldest first); the total counts every one, and the promotions queue lists them all. */
export const WAITING_APPROVALS_CAP = 50;

/**
 * What waits on one person, exact at the time of the request (never from the portfolio snapshot): proposed
 * handoffs addressed to them (the [toUserId, status] index), and pending promotion requests that wait on
 * them by the approvals queue's rule (isWaitingOnReviewer, lib/domain/overview/waiting-on-you.ts) applied in
 * SQL — not their own request, not already voted on by them, its gate snapshot still missing an approval by a
 * role they hold — the oldest WAITING_APPROVALS_CAP of them and how many there are. `roles` null: the person
 * may not decide approvals, so none are read. The requests missing a role are found through that role's
 * partial index (migration 20261202010000), so the cost follows what waits on the person, not the portfolio.
 */
export async function loadWaitingOnYou(
  db: Db,
  { userId, roles, limit = WAITING_APPROVALS_CAP }: { userId: string; roles: readonly TRole[] | null; limit?: number },
): Promise<{ handoffs: TWaitingHandoff[]; approvals: TWaitingApproval[]; approvalsTotal: number }> {
  const roleList = (roles ?? []).filter((r) => ROLES.includes(r));
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
         WHERE r.id IN (${waitingOnRoles(roleList)}) AND r."requesterId" <> ${userId}
           AND NOT EXISTS (SELECT 1 FROM approvals a WHERE a."requestId" = r.id AND a."approverId" = ${userId})
         ORDER BY r."createdAt", r.id
         LIMIT ${limit}
       ) w
       JOIN model_versions v ON v.id = w."versionId" JOIN models m ON m.id = v."modelId" JOIN users u ON u.id = w."requesterId")::text AS approvals`;
  const approvals = JSON.parse(row!.approvals) as (TWaitingApproval & { total: number })[];
  return {
    handoffs: (JSON.parse(row!.handoffs) as TWaitingHandoff[]).map((h) => ({
      ...h,
      proposedAt: new Date(h.proposedAt).toISOString(),
    })),
    approvals: approvals.map(({ total: _total, ...a }) => ({ ...a, createdAt: new Date(a.createdAt).toISOString() })),
    approvalsTotal: Number(approvals[0]?.total ?? 0),
  };
}

/**
 * Ids of the pending requests whose gate still misses an approval by one of `roles`: one arm per role, each
 * written exactly as its partial index's predicate (a boolean false, or the string "false" as the old
 * `->> 'met' = 'false'` rule also matched). Role names come from the closed ROLES list, never from input.
 */
function waitingOnRoles(roles: readonly TRole[]): Prisma.Sql {
  if (roles.length === 0) return Prisma.sql`SELECT NULL::text WHERE false`;
  return Prisma.join(
    roles.map(
      (role) =>
        Prisma.sql`SELECT id FROM transition_requests WHERE status = 'PENDING' AND jsonb_path_exists("gateSnapshot", ${Prisma.raw(`'$.requirements[*] ? ((@.met == false || @.met == "false") && @.key == "approval:${role}")'`)})`,
    ),
    " UNION ",
  );
}
