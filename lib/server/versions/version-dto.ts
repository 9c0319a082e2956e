import "server-only";
import type { TVersion } from "@/lib/schemas/models";

export const VERSION_DTO_SELECT = {
  id: true,
  modelId: true,
  model: { select: { slug: true } },
  number: true,
  stage: true,
  status: true,
  description: true,
  artifactUri: true,
  framework: true,
  gitCommit: true,
  trainingDataset: true,
  parameters: true,
  metrics: true,
  featureSchema: true,
  health: true,
  createdBy: { select: { id: true, name: true } },
  stageChangedAt: true,
  createdAt: true,
} as const;

type Row = Omit<TVersion, "modelSlug" | "stageChangedAt" | "createdAt" | "parameters" | "metrics" | "featureSchema"> & {
  model: { slug: string };
  parameters: unknown;
  metrics: unknown;
  featureSchema: unknown;
  stageChangedAt: Date;
  createdAt: Date;
};

export function toVersionDto(v: Row): TVersion {
  return {
    id: v.id,
    modelId: v.modelId,
    modelSlug: v.model.slug,
    number: v.number,
    stage: v.stage,
    status: v.status,
    description: v.description,
    artifactUri: v.artifactUri,
    framework: v.framework,
    gitCommit: v.gitCommit,
    trainingDataset: v.trainingDataset,
    parameters: (v.parameters ?? {}) as TVersion["parameters"],
    metrics: (v.metrics ?? {}) as TVersion["metrics"],
    featureSchema: (v.featureSchema ?? []) as TVersion["featureSchema"],
    health: v.health,
    createdBy: v.createdBy,
    stageChangedAt: v.stageChangedAt.toISOString(),
    createdAt: v.createdAt.toISOString(),
  };
}
