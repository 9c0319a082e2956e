import "server-only";
import type { Tx } from "@/lib/db/client";
import type { TGateInput } from "@/lib/domain/gates/evaluate-gate";
import type { TGateRequirements } from "@/lib/domain/gates/policy";
import { loadImportances } from "../importance/importance-dto";

/** Gathers every fact a gate judges, for one version and requester, in a handful of queries. */
export async function loadGateInput(tx: Tx, o: { versionId: string; requesterId: string; requestId: string | null; requirements: TGateRequirements }): Promise<TGateInput> {
  const v = await tx.modelVersion.findUniqueOrThrow({
    where: { id: o.versionId },
    select: {
      id: true,
      modelId: true,
      createdById: true,
      artifactUri: true,
      framework: true,
      gitCommit: true,
      trainingDataset: true,
      featureSchema: true,
      metrics: true,
      referenceDataset: { select: { id: true } },
      model: { select: { criticality: true, problemType: true, dsOwnerId: true, itOwnerId: true, approvedFeatures: true } },
    },
  });
  const needsImportance = o.requirements.requireFeatureImportance || o.requirements.approvedTopFeatures !== null;
  const [requester, approvals, checks, championDeployment, ownDeployment, alertRuleCount, handoff, importances] = await Promise.all([
    tx.user.findUniqueOrThrow({ where: { id: o.requesterId }, select: { roles: true } }),
    o.requestId
      ? tx.approval.findMany({ where: { requestId: o.requestId }, select: { approverId: true, decision: true, approver: { select: { name: true, active: true, roles: true } } }, orderBy: { createdAt: "asc" } })
      : Promise.resolve([]),
    tx.checkResult.findMany({ where: { versionId: v.id }, select: { name: true, status: true }, orderBy: { createdAt: "desc" } }),
    tx.deployment.findFirst({ where: { modelId: v.modelId, status: "ACTIVE", environment: { isProduction: true }, versionId: { not: v.id } }, select: { version: { select: { number: true, metrics: true } } } }),
    tx.deployment.count({ where: { versionId: v.id, status: "ACTIVE", environment: { isProduction: true } } }),
    tx.alertRule.count({ where: { modelId: v.modelId, enabled: true } }),
    tx.handoff.count({ where: { modelId: v.modelId, direction: "DS_TO_IT", status: "ACCEPTED" } }),
    needsImportance ? loadImportances(tx, [v.id]) : Promise.resolve(null),
  ]);
  const importance = importances?.get(v.id) ?? null;
  const latestChecks: TGateInput["checks"] = {};
  for (const c of checks) latestChecks[c.name] ??= c.status; // newest first: the first seen wins
  return {
    requirements: o.requirements,
    model: { criticality: v.model.criticality, problemType: v.model.problemType, dsOwnerId: v.model.dsOwnerId },
    version: {
      createdById: v.createdById,
      artifactUri: v.artifactUri,
      framework: v.framework,
      gitCommit: v.gitCommit,
      trainingDataset: v.trainingDataset,
      featureCount: Array.isArray(v.featureSchema) ? v.featureSchema.length : 0,
      metrics: (v.metrics ?? {}) as Record<string, number>,
    },
    requesterId: o.requesterId,
    requesterRoles: requester.roles,
    approvals: approvals.map((a) => ({ approverId: a.approverId, approverName: a.approver.name, approverActive: a.approver.active, approverRoles: a.approver.roles, decision: a.decision })),
    checks: latestChecks,
    hasReferenceDataset: !!v.referenceDataset,
    champion: championDeployment ? { versionNumber: championDeployment.version.number, metrics: (championDeployment.version.metrics ?? {}) as Record<string, number> } : null,
    hasActiveProductionDeployment: ownDeployment > 0,
    alertRuleCount,
    handoffToItAccepted: !!v.model.itOwnerId && handoff > 0,
    importance: importance ? { method: importance.method, values: importance.values } : null,
    approvedFeatures: v.model.approvedFeatures,
  };
}
