import "server-only";
import type { TDeployment } from "@/lib/schemas/deployments";

export const DEPLOYMENT_DTO_SELECT = {
  id: true,
  modelId: true,
  status: true,
  reason: true,
  artifactDigest: true,
  deployedAt: true,
  endedAt: true,
  version: { select: { id: true, number: true, stage: true } },
  environment: { select: { id: true, name: true, isProduction: true } },
  deployedBy: { select: { id: true, name: true } },
} as const;

type TRow = {
  id: string;
  modelId: string;
  status: TDeployment["status"];
  reason: string;
  artifactDigest: string | null;
  deployedAt: Date;
  endedAt: Date | null;
  version: TDeployment["version"];
  environment: TDeployment["environment"];
  deployedBy: { id: string; name: string } | null;
};

export function toDeploymentDto(d: TRow): TDeployment {
  return {
    id: d.id,
    modelId: d.modelId,
    version: d.version,
    environment: d.environment,
    status: d.status,
    deployedBy: d.deployedBy,
    reason: d.reason,
    artifactDigest: d.artifactDigest,
    deployedAt: d.deployedAt.toISOString(),
    endedAt: d.endedAt?.toISOString() ?? null,
  };
}
