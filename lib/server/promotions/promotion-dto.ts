import "server-only";
import type { TPromotionRequest } from "@/lib/schemas/promotions";
import type { TPromotionFacts, TRequestRow } from "./load-promotion-facts";

export const PROMOTION_DTO_SELECT = {
  id: true,
  versionId: true,
  version: {
    select: { number: true, modelId: true, model: { select: { slug: true, title: true, criticality: true } } },
  },
  fromStage: true,
  toStage: true,
  status: true,
  requester: { select: { id: true, name: true } },
  justification: true,
  resolution: true,
  gatePolicy: { select: { id: true, version: true, isCurrent: true } },
  gateSnapshot: true,
  approvals: {
    select: {
      id: true,
      role: true,
      decision: true,
      comment: true,
      artifactDigest: true,
      createdAt: true,
      approver: { select: { id: true, name: true, active: true } },
    },
    orderBy: { createdAt: "asc" as const },
  },
  createdAt: true,
  decidedAt: true,
  appliedAt: true,
} as const;

type Row = {
  id: string;
  versionId: string;
  version: {
    number: number;
    modelId: string;
    model: { slug: string; title: string; criticality: TPromotionRequest["criticality"] };
  };
  fromStage: TPromotionRequest["fromStage"];
  toStage: TPromotionRequest["toStage"];
  status: TPromotionRequest["status"];
  requester: { id: string; name: string };
  justification: string;
  resolution: string;
  gatePolicy: { id: string; version: number; isCurrent: boolean } | null;
  gateSnapshot: unknown;
  approvals: {
    id: string;
    role: TPromotionRequest["approvals"][number]["role"];
    decision: "APPROVE" | "REJECT";
    comment: string;
    artifactDigest: string | null;
    createdAt: Date;
    approver: { id: string; name: string; active: boolean };
  }[];
  createdAt: Date;
  decidedAt: Date | null;
  appliedAt: Date | null;
};

/**
 * The one DTO mapper of a request. Lists read rows with PROMOTION_DTO_SELECT; write paths pass the row they
 * already hold (toPromotionDtoFromFacts), so answering costs no statement. The two are checked to agree by
 * promotions.integration.test.ts (the write answer equals the GET of the same request).
 */
export function toPromotionDto(r: Row): TPromotionRequest {
  const snap = r.gateSnapshot as TPromotionRequest["gate"] | Record<string, never>;
  return {
    id: r.id,
    versionId: r.versionId,
    versionNumber: r.version.number,
    modelId: r.version.modelId,
    modelSlug: r.version.model.slug,
    modelTitle: r.version.model.title,
    criticality: r.version.model.criticality,
    fromStage: r.fromStage,
    toStage: r.toStage,
    status: r.status,
    requester: r.requester,
    justification: r.justification,
    resolution: r.resolution,
    policy: r.gatePolicy,
    gate: snap && "open" in snap ? (snap as TPromotionRequest["gate"]) : null,
    approvals: r.approvals.map((a) => ({
      id: a.id,
      approver: a.approver,
      role: a.role,
      decision: a.decision,
      comment: a.comment,
      artifactDigest: a.artifactDigest,
      createdAt: a.createdAt.toISOString(),
    })),
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    appliedAt: r.appliedAt?.toISOString() ?? null,
  };
}

/** The DTO of `request` (as the use case left it) from facts already loaded. */
export function toPromotionDtoFromFacts(
  f: Pick<TPromotionFacts, "version" | "model" | "policy">,
  request: TRequestRow,
): TPromotionRequest {
  return toPromotionDto({
    ...request,
    version: {
      number: f.version.number,
      modelId: f.version.modelId,
      model: { slug: f.model.slug, title: f.model.title, criticality: f.model.criticality },
    },
    gatePolicy: f.policy ? { id: f.policy.id, version: f.policy.version, isCurrent: f.policy.isCurrent } : null,
    approvals: request.approvals.map((a) => ({
      ...a,
      approver: { id: a.approver.id, name: a.approver.name, active: a.approver.active },
    })),
  });
}
