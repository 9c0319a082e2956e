import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { allowedModelActions } from "@/lib/domain/rbac/model-access";
import type { TModel } from "@/lib/schemas/models";
import { requirePermission } from "../auth/get-actor";
import { getModelHandoffs } from "../handoffs/get-model-handoffs";
import { readModelCard } from "../model-cards/get-model-card";
import { findModelRef } from "../models/find-model";
import { MODEL_DTO_SELECT, toModelDto } from "../models/model-dto";

/** Everything the model page shows, read in parallel. */
export async function getModelDetail({ actor, slug }: { actor: TActor; slug: string }) {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const ref = await findModelRef(db, slug);
  const [model, versions, deployments, ownership, audit, pending, handoffs, card] = await Promise.all([
    db.model.findUniqueOrThrow({ where: { id: ref.id }, select: MODEL_DTO_SELECT }),
    db.modelVersion.findMany({
      where: { modelId: ref.id },
      select: {
        id: true,
        number: true,
        stage: true,
        status: true,
        framework: true,
        metrics: true,
        health: true,
        createdAt: true,
        stageChangedAt: true,
        createdBy: { select: { name: true } },
      },
      orderBy: { number: "desc" },
    }),
    db.deployment.findMany({
      where: { modelId: ref.id },
      select: {
        id: true,
        status: true,
        deployedAt: true,
        endedAt: true,
        reason: true,
        environment: { select: { name: true, isProduction: true } },
        version: { select: { number: true } },
        deployedBy: { select: { name: true } },
      },
      orderBy: { deployedAt: "desc" },
      take: 50,
    }),
    db.ownershipHistory.findMany({ where: { modelId: ref.id }, orderBy: { createdAt: "desc" }, take: 20 }),
    db.auditEvent.findMany({
      where: { modelId: ref.id },
      orderBy: { seq: "desc" },
      take: 30,
      select: {
        seq: true,
        action: true,
        actorLabel: true,
        entityType: true,
        createdAt: true,
        before: true,
        after: true,
      },
    }),
    db.transitionRequest.findMany({
      where: { status: "PENDING", version: { modelId: ref.id } },
      select: {
        id: true,
        toStage: true,
        createdAt: true,
        version: { select: { number: true } },
        requester: { select: { name: true } },
      },
    }),
    getModelHandoffs(db, { actor, model: ref }),
    readModelCard(db, ref.id),
  ]);
  const userIds = [
    ...new Set(ownership.flatMap((o) => [o.dsOwnerId, o.itOwnerId, o.changedById]).filter((x): x is string => !!x)),
  ];
  const names = new Map(
    (await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })).map((u) => [
      u.id,
      u.name,
    ]),
  );
  return {
    model: toModelDto(model) satisfies TModel,
    actions: allowedModelActions(actor, ref),
    versions: versions.map((v) => ({
      ...v,
      metrics: (v.metrics ?? {}) as Record<string, number>,
      createdAt: v.createdAt.toISOString(),
      stageChangedAt: v.stageChangedAt.toISOString(),
      createdBy: v.createdBy?.name ?? null,
    })),
    deployments: deployments.map((d) => ({
      ...d,
      deployedAt: d.deployedAt.toISOString(),
      endedAt: d.endedAt?.toISOString() ?? null,
      deployedBy: d.deployedBy?.name ?? null,
    })),
    ownership: ownership.map((o) => ({
      id: o.id,
      dsOwner: names.get(o.dsOwnerId) ?? "—",
      itOwner: o.itOwnerId ? (names.get(o.itOwnerId) ?? "—") : null,
      changedBy: o.changedById ? (names.get(o.changedById) ?? null) : null,
      reason: o.reason,
      createdAt: o.createdAt.toISOString(),
    })),
    audit: audit.map((a) => ({ ...a, seq: a.seq.toString(), createdAt: a.createdAt.toISOString() })),
    pending: pending.map((p) => ({
      id: p.id,
      toStage: p.toStage,
      number: p.version.number,
      requester: p.requester.name,
      createdAt: p.createdAt.toISOString(),
    })),
    handoffs,
    card,
  };
}

export type TModelDetail = Awaited<ReturnType<typeof getModelDetail>>;
