import "server-only";
import { getDb } from "@/lib/db/client";
import { can, type TActor } from "@/lib/domain/rbac/permissions";
import type { TTransitionRequest } from "@/lib/schemas/promotions";
import { requirePermission } from "../auth/get-actor";
import { listApprovalQueue } from "./list-promotions";
import { TRANSITION_DTO_SELECT, toTransitionDto } from "./transition-dto";

/** The approvals page: what waits on me, and what I asked for (pending, then the latest outcomes). */
export async function getApprovalsInbox({ actor }: { actor: TActor }): Promise<{ queue: TTransitionRequest[] | null; mine: TTransitionRequest[] }> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const [queue, mine] = await Promise.all([
    can(actor, "approvals:decide") ? listApprovalQueue({ actor }).then((page) => page.items) : Promise.resolve(null),
    db.transitionRequest.findMany({ where: { requesterId: actor.userId, toStage: { not: "ARCHIVED" } }, select: TRANSITION_DTO_SELECT, orderBy: { createdAt: "desc" }, take: 20 }),
  ]);
  return { queue, mine: mine.map(toTransitionDto) };
}
