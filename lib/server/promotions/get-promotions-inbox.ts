import "server-only";
import { getDb } from "@/lib/db/client";
import { can, type TActor } from "@/lib/domain/rbac/permissions";
import type { TPromotionRequest } from "@/lib/schemas/promotions";
import { requirePermission } from "../auth/get-actor";
import { listPromotionQueue } from "./list-promotions";
import { PROMOTION_DTO_SELECT, toPromotionDto } from "./promotion-dto";

/** The approvals page: what waits on me, and what I asked for (pending, then the latest outcomes). */
export async function getPromotionsInbox({
  actor,
}: {
  actor: TActor;
}): Promise<{ queue: TPromotionRequest[] | null; mine: TPromotionRequest[] }> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const [queue, mine] = await Promise.all([
    can(actor, "approvals:decide") ? listPromotionQueue({ actor }).then((page) => page.items) : Promise.resolve(null),
    db.transitionRequest.findMany({
      where: { requesterId: actor.userId, toStage: { not: "ARCHIVED" } },
      select: PROMOTION_DTO_SELECT,
      orderBy: { createdAt: "desc" },
      take: 20,
    }),
  ]);
  return { queue, mine: mine.map(toPromotionDto) };
}
