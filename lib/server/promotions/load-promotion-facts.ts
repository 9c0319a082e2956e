import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Db, Tx } from "@/lib/db/client";
import type { TGateInput } from "@/lib/domain/gates/evaluate-gate";
import { EMPTY_GATE_REQUIREMENTS, type TCriticality, type TGateRequirements } from "@/lib/domain/gates/policy";
import type { TStage } from "@/lib/domain/lifecycle/stages";
import type { TRole } from "@/lib/domain/rbac/permissions";
import type { TPromotionRequest } from "@/lib/schemas/promotions";

/**
 * Everything a promotion use case reads, in ONE statement (issue 13's budgets: approve and request ≤ 15
 * statements per HTTP request): the version and its model, the request (by id, or the version's pending one),
 * the policy it is judged under (the request's own version, or the current one for a target stage), its
 * approvals with their approvers, and every fact the gate judges. Callers hold the model row lock
 * (lockModel), so what this reads cannot change before they write.
 */
export type TPromotionFacts = {
  version: {
    id: string;
    number: number;
    stage: TStage;
    status: string;
    createdById: string | null;
    modelId: string;
    /** The manifest digest of the version's stored files (issue 20); null when its source lies outside the store. */
    artifactDigest: string | null;
  };
  model: {
    id: string;
    slug: string;
    title: string;
    teamId: string;
    dsOwnerId: string;
    itOwnerId: string | null;
    criticality: TCriticality;
    problemType: TGateInput["model"]["problemType"];
    archivedAt: Date | null;
  };
  /** The request named, or the version's pending one; null when there is none. */
  request: TRequestRow | null;
  /** The policy judging `request`, or (without one) the current policy for `targetStage`. */
  policy: { id: string; version: number; isCurrent: boolean; requirements: TGateRequirements } | null;
  /** Versions of the model in MONITORING other than this one (entering MONITORING supersedes them). */
  liveVersions: { id: string; number: number }[];
  /** The gate's input without requirements and requester (added per use). */
  gate: Omit<TGateInput, "requirements" | "requesterId" | "requesterRoles" | "approvals">;
  /** Roles of the request's requester, or of `asRequester` when there is no request. */
  requesterRoles: TRole[];
  hasActiveProductionDeployment: boolean;
};

export type TRequestRow = {
  id: string;
  versionId: string;
  fromStage: TStage;
  toStage: TStage;
  status: TPromotionRequest["status"];
  requester: { id: string; name: string };
  justification: string;
  resolution: string;
  gatePolicyId: string | null;
  gateSnapshot: unknown;
  createdAt: Date;
  decidedAt: Date | null;
  appliedAt: Date | null;
  approvals: TApprovalRow[];
};

export type TApprovalRow = {
  id: string;
  approverId: string;
  role: TRole;
  decision: "APPROVE" | "REJECT";
  comment: string;
  /** The artifact digest the approver saw (issue 20). */
  artifactDigest: string | null;
  createdAt: Date;
  approver: { id: string; name: string; active: boolean; roles: TRole[] };
};

type Raw = {
  v: {
    id: string;
    number: number;
    stage: TStage;
    status: string;
    createdById: string | null;
    modelId: string;
    artifactDigest: string | null;
    artifactUri: string;
    framework: string;
    gitCommit: string;
    trainingDataset: string;
    featureSchema: unknown;
    metrics: unknown;
  };
  m: {
    id: string;
    slug: string;
    title: string;
    teamId: string;
    dsOwnerId: string;
    itOwnerId: string | null;
    criticality: TCriticality;
    problemType: TGateInput["model"]["problemType"];
    archivedAt: string | null;
  };
  r:
    | (Omit<TRequestRow, "createdAt" | "decidedAt" | "appliedAt" | "approvals" | "requester"> & {
        requesterId: string;
        requesterName: string;
        createdAt: string;
        decidedAt: string | null;
        appliedAt: string | null;
      })
    | null;
  approvals:
    | (Omit<TApprovalRow, "createdAt" | "approver"> & {
        createdAt: string;
        approverName: string;
        approverActive: boolean;
        approverRoles: TRole[];
      })[]
    | null;
  p: { id: string; version: number; isCurrent: boolean; requirements: Partial<TGateRequirements> } | null;
  requesterRoles: TRole[] | null;
  checks: Record<string, "PASS" | "FAIL" | "RUNNING" | "SKIPPED"> | null;
  hasReference: boolean;
  champion: { number: number; metrics: unknown } | null;
  ownLive: boolean;
  alertRules: number;
  handoffAccepted: boolean;
  liveVersions: { id: string; number: number }[] | null;
  importance: { method: string; values: Record<string, number> } | null;
  approvedFeatures: string[] | null;
  modelCard: string | null;
};

const asDate = (s: string | null): Date | null => (s === null ? null : new Date(s));

/**
 * `request`: "pending" (the version's pending request, if any) or a request id. `targetStage`: the stage whose
 * current policy applies when there is no request (a new request or a preview). `asRequester`: whose roles the
 * gate judges when there is no request.
 */
export async function loadPromotionFacts(
  tx: Tx | Db,
  o: { versionId?: string; request: "pending" | { id: string }; targetStage?: TStage; asRequester?: string },
): Promise<TPromotionFacts | null> {
  const requestFilter =
    o.request === "pending"
      ? Prisma.sql`r0."versionId" = v.id AND r0.status = 'PENDING'`
      : Prisma.sql`r0.id = ${o.request.id} AND r0."versionId" = v.id`;
  if (!o.versionId && o.request === "pending") throw new Error("loadPromotionFacts needs a version id or a request id");
  const versionIdSql =
    o.versionId ??
    Prisma.sql`(SELECT "versionId" FROM transition_requests WHERE id = ${(o.request as { id: string }).id})`;
  const [row] = await tx.$queryRaw<Raw[]>`
    SELECT
      json_build_object('id', v.id, 'number', v.number, 'stage', v.stage, 'status', v.status, 'createdById', v."createdById", 'modelId', v."modelId", 'artifactDigest', v."artifactDigest",
        'artifactUri', v."artifactUri", 'framework', v.framework, 'gitCommit', v."gitCommit", 'trainingDataset', v."trainingDataset",
        'featureSchema', v."featureSchema", 'metrics', v.metrics) AS v,
      json_build_object('id', m.id, 'slug', m.slug, 'title', m.title, 'teamId', m."teamId", 'dsOwnerId', m."dsOwnerId", 'itOwnerId', m."itOwnerId",
        'criticality', m.criticality, 'problemType', m."problemType", 'archivedAt', m."archivedAt") AS m,
      CASE WHEN r.id IS NULL THEN NULL ELSE json_build_object('id', r.id, 'versionId', r."versionId", 'fromStage', r."fromStage", 'toStage', r."toStage",
        'status', r.status, 'requesterId', r."requesterId", 'requesterName', ru.name, 'justification', r.justification, 'resolution', r.resolution,
        'gatePolicyId', r."gatePolicyId", 'gateSnapshot', r."gateSnapshot", 'createdAt', r."createdAt", 'decidedAt', r."decidedAt", 'appliedAt', r."appliedAt") END AS r,
      (SELECT json_agg(json_build_object('id', a.id, 'approverId', a."approverId", 'role', a.role, 'decision', a.decision, 'comment', a.comment, 'artifactDigest', a."artifactDigest",
          'createdAt', a."createdAt", 'approverName', au.name, 'approverActive', au.active, 'approverRoles', au.roles) ORDER BY a."createdAt", a.id)
        FROM approvals a JOIN users au ON au.id = a."approverId" WHERE a."requestId" = r.id) AS approvals,
      CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('id', p.id, 'version', p.version, 'isCurrent', p."isCurrent", 'requirements', p.requirements) END AS p,
      (SELECT to_json(u.roles::text[]) FROM users u WHERE u.id = COALESCE(r."requesterId", ${o.asRequester ?? null}::text)) AS "requesterRoles",
      (SELECT json_object_agg(c.name, c.status) FROM (SELECT DISTINCT ON (name) name, status FROM check_results WHERE "versionId" = v.id ORDER BY name, "createdAt" DESC) c) AS checks,
      EXISTS (SELECT 1 FROM reference_datasets rd WHERE rd."versionId" = v.id) AS "hasReference",
      (SELECT json_build_object('number', cv.number, 'metrics', cv.metrics) FROM deployments d JOIN environments e ON e.id = d."environmentId" JOIN model_versions cv ON cv.id = d."versionId"
        WHERE d."modelId" = v."modelId" AND d.status = 'ACTIVE' AND e."isProduction" AND d."versionId" <> v.id ORDER BY d."deployedAt" DESC LIMIT 1) AS champion,
      EXISTS (SELECT 1 FROM deployments d JOIN environments e ON e.id = d."environmentId" WHERE d."versionId" = v.id AND d.status = 'ACTIVE' AND e."isProduction") AS "ownLive",
      (SELECT count(*)::int FROM alert_rules ar WHERE ar."modelId" = v."modelId" AND ar.enabled AND ar.kind <> 'ARTIFACT_INTEGRITY') AS "alertRules",
      EXISTS (SELECT 1 FROM handoffs h WHERE h."modelId" = v."modelId" AND h.direction = 'DS_TO_IT' AND h.status = 'ACCEPTED') AS "handoffAccepted",
      (SELECT json_agg(json_build_object('id', lv.id, 'number', lv.number) ORDER BY lv.number) FROM model_versions lv WHERE lv."modelId" = v."modelId" AND lv.stage = 'MONITORING' AND lv.id <> v.id) AS "liveVersions",
      (SELECT json_build_object('method', fi.method, 'values', fi."values") FROM feature_importances fi WHERE fi."versionId" = v.id) AS importance,
      to_json(m."approvedFeatures") AS "approvedFeatures",
      -- The card (up to 100 kB) is read only when the policy judging this request asks for it.
      CASE WHEN (p.requirements->>'requireModelCard')::boolean THEN m."modelCard" END AS "modelCard"
    FROM model_versions v
    JOIN models m ON m.id = v."modelId"
    LEFT JOIN LATERAL (SELECT * FROM transition_requests r0 WHERE ${requestFilter} ORDER BY r0."createdAt" DESC LIMIT 1) r ON true
    LEFT JOIN users ru ON ru.id = r."requesterId"
    LEFT JOIN LATERAL (
      SELECT * FROM gate_policies p0
      WHERE (r.id IS NOT NULL AND p0.id = r."gatePolicyId")
         OR (r.id IS NULL AND p0."targetStage"::text = ${o.targetStage ?? null}::text AND p0.criticality = m.criticality AND p0."isCurrent")
      LIMIT 1) p ON true
    WHERE v.id = ${versionIdSql}`;
  if (!row) return null;
  const v = row.v;
  const request: TRequestRow | null = row.r
    ? {
        id: row.r.id,
        versionId: row.r.versionId,
        fromStage: row.r.fromStage,
        toStage: row.r.toStage,
        status: row.r.status,
        requester: { id: row.r.requesterId, name: row.r.requesterName },
        justification: row.r.justification,
        resolution: row.r.resolution,
        gatePolicyId: row.r.gatePolicyId,
        gateSnapshot: row.r.gateSnapshot,
        createdAt: new Date(row.r.createdAt),
        decidedAt: asDate(row.r.decidedAt),
        appliedAt: asDate(row.r.appliedAt),
        approvals: (row.approvals ?? []).map((a) => ({
          id: a.id,
          approverId: a.approverId,
          role: a.role,
          decision: a.decision,
          comment: a.comment,
          artifactDigest: a.artifactDigest ?? null,
          createdAt: new Date(a.createdAt),
          approver: { id: a.approverId, name: a.approverName, active: a.approverActive, roles: a.approverRoles },
        })),
      }
    : null;
  return {
    version: {
      id: v.id,
      number: v.number,
      stage: v.stage,
      status: v.status,
      createdById: v.createdById,
      modelId: v.modelId,
      artifactDigest: v.artifactDigest,
    },
    model: { ...row.m, archivedAt: asDate(row.m.archivedAt) },
    request,
    policy: row.p
      ? {
          id: row.p.id,
          version: row.p.version,
          isCurrent: row.p.isCurrent,
          requirements: { ...EMPTY_GATE_REQUIREMENTS, ...row.p.requirements },
        }
      : null,
    liveVersions: row.liveVersions ?? [],
    requesterRoles: row.requesterRoles ?? [],
    hasActiveProductionDeployment: row.ownLive,
    gate: {
      model: { criticality: row.m.criticality, problemType: row.m.problemType, dsOwnerId: row.m.dsOwnerId },
      version: {
        createdById: v.createdById,
        artifactUri: v.artifactUri,
        framework: v.framework,
        gitCommit: v.gitCommit,
        trainingDataset: v.trainingDataset,
        artifactDigest: v.artifactDigest,
        featureCount: Array.isArray(v.featureSchema) ? v.featureSchema.length : 0,
        metrics: (v.metrics ?? {}) as Record<string, number>,
      },
      checks: row.checks ?? {},
      hasReferenceDataset: row.hasReference,
      champion: row.champion
        ? { versionNumber: row.champion.number, metrics: (row.champion.metrics ?? {}) as Record<string, number> }
        : null,
      hasActiveProductionDeployment: row.ownLive,
      alertRuleCount: row.alertRules,
      handoffToItAccepted: !!row.m.itOwnerId && row.handoffAccepted,
      importance: row.importance
        ? {
            method: row.importance.method as NonNullable<TGateInput["importance"]>["method"],
            values: row.importance.values,
          }
        : null,
      approvedFeatures: row.approvedFeatures ?? [],
      modelCard: row.modelCard ?? "",
    },
  };
}

/** The gate's whole input for a request (or a would-be request by `requesterId`) under `requirements`. */
export function gateInputOf(
  f: TPromotionFacts,
  o: { requirements: TGateRequirements; requesterId: string; approvals: TApprovalRow[] },
): TGateInput {
  return {
    ...f.gate,
    requirements: o.requirements,
    requesterId: o.requesterId,
    requesterRoles: f.requesterRoles,
    approvals: o.approvals.map((a) => ({
      approverId: a.approverId,
      approverName: a.approver.name,
      approverActive: a.approver.active,
      approverRoles: a.approver.roles,
      decision: a.decision,
    })),
  };
}
