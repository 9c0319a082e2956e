import "server-only";
import type { Tx } from "@/lib/db/client";
import type { TGateInput } from "@/lib/domain/gates/evaluate-gate";
import type { TGateRequirements } from "@/lib/domain/gates/policy";

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
      artifactDigest: true,
      referenceDataset: { select: { id: true } },
      model: { select: { criticality: true, problemType: true, dsOwnerId: true, itOwnerId: true } },
    },
  });
  const [requester, approvals, checks, championDeployment, ownDeployment, alertRuleCount, handoff] = await Promise.all([
    tx.user.findUniqueOrThrow({ where: { id: o.requesterId }, select: { roles: true } }),
    o.requestId
      ? tx.approval.findMany({ where: { requestId: o.requestId }, select: { approverId: true, decision: true, approver: { select: { name: true, active: true, roles: true } } }, orderBy: { createdAt: "asc" } })
      : Promise.resolve([]),
    tx.checkResult.findMany({ where: { versionId: v.id }, select: { name: true, status: true }, orderBy: { createdAt: "desc" } }),
    tx.deployment.findFirst({ where: { modelId: v.modelId, status: "ACTIVE", environment: { isProduction: true }, versionId: { not: v.id } }, select: { version: { select: { number: true, metrics: true } } } }),
    tx.deployment.count({ where: { versionId: v.id, status: "ACTIVE", environment: { isProduction: true } } }),
    tx.alertRule.count({ where: { modelId: v.modelId, enabled: true, kind: { not: "ARTIFACT_INTEGRITY" } } }),
    tx.handoff.count({ where: { modelId: v.modelId, direction: "DS_TO_IT", status: "ACCEPTED" } }),
  ]);
  const latestChecks: TGateInput["checks"] = {};
  for (const c of checks) latestChecks[c.name] ??= c.status; // newest first: the first seen wins
  return {
    requirements: o.requirements,
    model: v.model,
    version: {
      createdById: v.createdById,
      artifactUri: v.artifactUri,
      framework: v.framework,
      gitCommit: v.gitCommit,
      trainingDataset: v.trainingDataset,
      featureCount: Array.isArray(v.featureSchema) ? v.featureSchema.length : 0,
      metrics: (v.metrics ?? {}) as Record<string, number>,
      artifactDigest: v.artifactDigest,
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
  };
}
