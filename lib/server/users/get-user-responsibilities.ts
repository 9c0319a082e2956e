import "server-only";
import { getDb } from "@/lib/db/client";
import type { THandoffDirection } from "@/lib/domain/handoffs/handoff";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import type { TUserResponsibilities } from "@/lib/schemas/users";
import { requirePermission } from "../auth/get-actor";

const PERSON = { select: { id: true, name: true, active: true } } as const;

/**
 * What a user holds — the models they own, the approvals they gave on pending requests, the handoffs
 * waiting on them — so an administrator sees it before deactivating them and can reassign each model
 * through a handoff.
 */
export async function getUserResponsibilities({
  actor,
  userId,
}: {
  actor: TActor;
  userId: string;
}): Promise<TUserResponsibilities> {
  requirePermission(actor, "users:manage");
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, name: true, active: true } });
  if (!user) throw new AppError("NOT_FOUND", "No user with this id.");
  const [models, approvals, handoffs] = await Promise.all([
    db.model.findMany({
      where: { archivedAt: null, OR: [{ dsOwnerId: userId }, { itOwnerId: userId }] },
      select: {
        id: true,
        slug: true,
        title: true,
        criticality: true,
        dsOwner: PERSON,
        itOwner: PERSON,
        versions: { where: { stage: "MONITORING" }, select: { id: true }, take: 1 },
        deployments: {
          where: { status: "ACTIVE", environment: { isProduction: true } },
          select: { id: true },
          take: 1,
        },
        handoffs: { where: { status: "PROPOSED" }, select: { id: true, direction: true, toUser: PERSON }, take: 1 },
      },
      orderBy: { slug: "asc" },
    }),
    db.approval.findMany({
      where: { approverId: userId, decision: "APPROVE", request: { status: "PENDING" } },
      select: {
        id: true,
        role: true,
        createdAt: true,
        request: {
          select: {
            id: true,
            toStage: true,
            version: { select: { number: true, model: { select: { slug: true, title: true } } } },
          },
        },
      },
      orderBy: { createdAt: "asc" },
    }),
    db.handoff.findMany({
      where: { status: "PROPOSED", toUserId: userId },
      select: { id: true, direction: true, model: { select: { slug: true } }, fromUser: PERSON },
      orderBy: { proposedAt: "asc" },
    }),
  ]);
  return {
    user,
    models: models.map((m) => {
      const holds = [
        ...(m.dsOwner.id === userId ? (["DS_OWNER"] as const) : []),
        ...(m.itOwner?.id === userId ? (["IT_OWNER"] as const) : []),
      ];
      // A data-science owner is replaced by an IT → DS handoff, an IT owner by a DS → IT one.
      const reassignWith: THandoffDirection[] = holds.map((h) => (h === "DS_OWNER" ? "IT_TO_DS" : "DS_TO_IT"));
      const pending = m.handoffs[0];
      return {
        id: m.id,
        slug: m.slug,
        title: m.title,
        criticality: m.criticality,
        inProduction: m.versions.length > 0 || m.deployments.length > 0,
        holds,
        dsOwner: m.dsOwner,
        itOwner: m.itOwner,
        pendingHandoff: pending ? { id: pending.id, direction: pending.direction, to: pending.toUser } : null,
        reassignWith,
      };
    }),
    approvals: approvals.map((a) => ({
      id: a.id,
      requestId: a.request.id,
      modelSlug: a.request.version.model.slug,
      modelTitle: a.request.version.model.title,
      versionNumber: a.request.version.number,
      toStage: a.request.toStage,
      role: a.role,
      createdAt: a.createdAt.toISOString(),
    })),
    handoffsToUser: handoffs.map((h) => ({
      id: h.id,
      modelSlug: h.model.slug,
      direction: h.direction,
      from: h.fromUser,
    })),
  };
}
