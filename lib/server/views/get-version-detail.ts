import "server-only";
import { getDb } from "@/lib/db/client";
import { compareWithChampion } from "@/lib/domain/gates/champion";
import { canWriteModel } from "@/lib/domain/rbac/model-access";
import { can, type TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { loadImportances } from "../importance/importance-dto";
import { findCurrentPolicy } from "../promotions/gate-policy";
import { listPromotions } from "../promotions/list-promotions";
import { previewGate } from "../promotions/preview-gate";
import { getModel } from "../models/get-model";
import { getVersionByNumber } from "../versions/get-version";
import { listChecks } from "../versions/report-check";
import { listVersionArtifacts } from "../artifacts/version-artifacts-api";
import { lineageLinksOf } from "../versions/lineage-links";

/** Everything the version page shows: metadata, evidence, history, the gate checklist and champion view. */
export async function getVersionDetail({ actor, slug, number }: { actor: TActor; slug: string; number: number }) {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const version = await getVersionByNumber({ actor, modelSlug: slug, number });
  const model = await getModel({ actor, modelRef: version.modelId });
  const [checks, history, requests, gate, championDeployment, hasReference, artifacts, run] = await Promise.all([
    listChecks({ actor, versionId: version.id }),
    db.stageHistory.findMany({
      where: { versionId: version.id },
      orderBy: { enteredAt: "asc" },
      select: { id: true, fromStage: true, toStage: true, reason: true, enteredAt: true, actorId: true },
    }),
    listPromotions({ actor, query: { versionId: version.id, limit: 50 } }),
    version.stage === "ARCHIVED" ? Promise.resolve(null) : previewGate({ actor, versionId: version.id }),
    db.deployment.findFirst({
      where: { modelId: version.modelId, status: "ACTIVE", environment: { isProduction: true } },
      select: { version: { select: { id: true, number: true, metrics: true } } },
    }),
    db.referenceDataset.count({ where: { versionId: version.id } }),
    listVersionArtifacts({ actor, versionId: version.id }),
    db.modelVersion.findUniqueOrThrow({ where: { id: version.id }, select: { runId: true } }),
  ]);
  const actorNames = new Map(
    (
      await db.user.findMany({
        where: { id: { in: history.map((h) => h.actorId).filter((x): x is string => !!x) } },
        select: { id: true, name: true },
      })
    ).map((u) => [u.id, u.name]),
  );
  const uat = await findCurrentPolicy(db, "UAT", model.criticality);
  const champ = championDeployment?.version;
  const championId = champ && champ.id !== version.id ? champ.id : null;
  const [importances, approved] = await Promise.all([
    loadImportances(db, championId ? [version.id, championId] : [version.id]),
    db.model.findUniqueOrThrow({ where: { id: version.modelId }, select: { approvedFeatures: true } }),
  ]);
  const champion =
    champ && champ.id !== version.id
      ? {
          number: champ.number,
          tolerance: uat.requirements.champion?.tolerance ?? 0,
          rows: compareWithChampion(version.metrics, (champ.metrics ?? {}) as Record<string, number>, {
            gated: uat.requirements.champion?.metrics ?? [],
            tolerance: uat.requirements.champion?.tolerance ?? 0,
            lowerIsBetter: uat.requirements.champion?.lowerIsBetter ?? [],
          }),
        }
      : null;
  const pending = requests.items.find((r) => r.status === "PENDING") ?? null;
  return {
    model,
    version,
    checks,
    history: history.map((h) => ({
      ...h,
      enteredAt: h.enteredAt.toISOString(),
      actor: h.actorId ? (actorNames.get(h.actorId) ?? null) : null,
    })),
    requests: requests.items,
    pending,
    gate,
    champion,
    hasReference: hasReference > 0,
    runId: run.runId,
    lineage: lineageLinksOf({ ...version, runId: run.runId }),
    artifacts,
    // The stored files are handed to the people who run or own the model: its team, owners, IT operations, admins.
    canDownload:
      artifacts.stored &&
      canWriteModel(actor, {
        teamId: model.team.id,
        dsOwnerId: model.dsOwner.id,
        itOwnerId: model.itOwner?.id ?? null,
      }),
    importance: {
      own: importances.get(version.id) ?? null,
      champion: championId && champ ? { number: champ.number, importance: importances.get(championId) ?? null } : null,
      approvedFeatures: approved.approvedFeatures,
    },
    canWrite:
      canWriteModel(actor, {
        teamId: model.team.id,
        dsOwnerId: model.dsOwner.id,
        itOwnerId: model.itOwner?.id ?? null,
      }) && can(actor, "promotions:request"),
    canDecide:
      !!pending &&
      can(actor, "approvals:decide") &&
      pending.requester.id !== actor.userId &&
      version.createdBy?.id !== actor.userId &&
      !pending.approvals.some((a) => a.approver.id === actor.userId),
    actorId: actor.userId,
  };
}

export type TVersionDetail = Awaited<ReturnType<typeof getVersionDetail>>;
