import "server-only";
import type { Db } from "@/lib/db/client";
import {
  canCancelHandoff,
  canDecideHandoff,
  canOpenHandoff,
  checkReceiver,
  HANDOFF_DIRECTIONS,
  type THandoffDirection,
} from "@/lib/domain/handoffs/handoff";
import { can, type TActor } from "@/lib/domain/rbac/permissions";
import type { THandoff } from "@/lib/schemas/handoffs";
import { HANDOFF_DTO_SELECT, toHandoffDto } from "./handoff-dto";

export type TProposeOption = {
  direction: THandoffDirection;
  allowed: boolean;
  reason: string | null;
  candidates: { id: string; name: string }[];
};
export type TModelHandoffs = {
  pending: THandoff | null;
  /** What the viewer may do with the pending handoff (the receiver decides; the proposer or an admin cancels). */
  canDecide: boolean;
  canCancel: boolean;
  history: THandoff[];
  propose: TProposeOption[];
};

/**
 * The model page's Handoffs card: the proposed handoff, the past ones, and — per direction — whether this
 * actor may propose one and to whom. The caller has checked `models:read` and resolved the model.
 */
export async function getModelHandoffs(
  db: Db,
  {
    actor,
    model,
  }: {
    actor: TActor;
    model: { id: string; teamId: string; dsOwnerId: string; itOwnerId: string | null; archivedAt: Date | null };
  },
): Promise<TModelHandoffs> {
  const [handoffs, production, people] = await Promise.all([
    db.handoff.findMany({
      where: { modelId: model.id },
      select: HANDOFF_DTO_SELECT,
      orderBy: [{ proposedAt: "desc" }, { id: "desc" }],
      take: 21,
    }),
    db.deployment.count({
      where: { modelId: model.id, status: { not: "FAILED" }, environment: { isProduction: true } },
    }),
    // A few dozen people at most; the role filter runs here because the PGlite adapter cannot filter enum arrays.
    db.user.findMany({
      where: { active: true },
      select: { id: true, name: true, roles: true, active: true, teamId: true },
      orderBy: { name: "asc" },
    }),
  ]);
  const pending = handoffs.find((h) => h.status === "PROPOSED") ?? null;
  const mayPropose = can(actor, "handoffs:propose");
  const propose = HANDOFF_DIRECTIONS.map((direction): TProposeOption => {
    const open = canOpenHandoff(
      actor,
      { ...model, archived: !!model.archivedAt, hasHadProductionDeployment: production > 0 },
      direction,
    );
    const allowed = mayPropose && open.ok;
    const candidates = allowed
      ? people
          .filter((p) => checkReceiver(model, direction, actor.userId, p).ok)
          .map((p) => ({ id: p.id, name: p.name }))
      : [];
    return {
      direction,
      allowed,
      reason: open.ok ? (mayPropose ? null : "Your role cannot propose handoffs.") : open.message,
      candidates,
    };
  });
  const dto = pending ? toHandoffDto(pending) : null;
  return {
    pending: dto,
    canDecide:
      !!dto &&
      can(actor, "handoffs:decide") &&
      canDecideHandoff(actor, { status: dto.status, toUserId: dto.to.id, direction: dto.direction }, "DECLINE").ok,
    canCancel:
      !!dto &&
      can(actor, "handoffs:propose") &&
      canCancelHandoff(actor, { status: dto.status, proposedById: dto.proposedBy.id }).ok,
    history: handoffs
      .filter((h) => h.status !== "PROPOSED")
      .slice(0, 20)
      .map(toHandoffDto),
    propose,
  };
}
