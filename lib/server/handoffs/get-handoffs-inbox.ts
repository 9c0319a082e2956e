import "server-only";
import { getDb } from "@/lib/db/client";
import { canCancelHandoff, canDecideHandoff } from "@/lib/domain/handoffs/handoff";
import { can, type TActor } from "@/lib/domain/rbac/permissions";
import type { THandoff } from "@/lib/schemas/handoffs";
import { requirePermission } from "../auth/get-actor";
import { HANDOFF_DTO_SELECT, toHandoffDto } from "./handoff-dto";

export type TInboxHandoff = { handoff: THandoff; canDecide: boolean; canCancel: boolean };
export type THandoffsInbox = { toMe: TInboxHandoff[]; fromMe: TInboxHandoff[]; recent: THandoff[] };

/** The handoffs page: what waits on me, what I proposed (or was proposed in my name), and the latest outcomes. */
export async function getHandoffsInbox({ actor }: { actor: TActor }): Promise<THandoffsInbox> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const [toMe, fromMe, recent] = await Promise.all([
    db.handoff.findMany({
      where: { status: "PROPOSED", toUserId: actor.userId },
      select: HANDOFF_DTO_SELECT,
      orderBy: { proposedAt: "asc" },
    }),
    db.handoff.findMany({
      where: { status: "PROPOSED", OR: [{ fromUserId: actor.userId }, { proposedById: actor.userId }] },
      select: HANDOFF_DTO_SELECT,
      orderBy: { proposedAt: "asc" },
    }),
    db.handoff.findMany({
      where: { status: { not: "PROPOSED" } },
      select: HANDOFF_DTO_SELECT,
      orderBy: [{ decidedAt: "desc" }, { id: "desc" }],
      take: 25,
    }),
  ]);
  const withActions = (row: (typeof toMe)[number]): TInboxHandoff => {
    const h = toHandoffDto(row);
    return {
      handoff: h,
      canDecide:
        can(actor, "handoffs:decide") &&
        canDecideHandoff(actor, { status: h.status, toUserId: h.to.id, direction: h.direction }, "DECLINE").ok,
      canCancel:
        can(actor, "handoffs:propose") &&
        canCancelHandoff(actor, { status: h.status, proposedById: h.proposedBy.id }).ok,
    };
  };
  return { toMe: toMe.map(withActions), fromMe: fromMe.map(withActions), recent: recent.map(toHandoffDto) };
}
