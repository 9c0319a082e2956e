import "server-only";
import { keyMetricOf } from "@/lib/domain/versions/key-metric";
import type { TStage } from "@/lib/domain/lifecycle/stages";
import type { TModel } from "@/lib/schemas/models";

export const MODEL_DTO_SELECT = {
  id: true,
  slug: true,
  title: true,
  description: true,
  problemType: true,
  criticality: true,
  team: { select: { id: true, name: true } },
  dsOwner: { select: { id: true, name: true } },
  itOwner: { select: { id: true, name: true } },
  teamId: true,
  dsOwnerId: true,
  itOwnerId: true,
  tags: true,
  health: true,
  archivedAt: true,
  createdAt: true,
  updatedAt: true,
  versions: { select: { id: true, number: true, stage: true, metrics: true }, orderBy: { number: "desc" } },
} as const;

type Row = {
  id: string;
  slug: string;
  title: string;
  description: string;
  problemType: TModel["problemType"];
  criticality: TModel["criticality"];
  team: { id: string; name: string };
  dsOwner: { id: string; name: string };
  itOwner: { id: string; name: string } | null;
  tags: string[];
  health: TModel["health"];
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  versions: { id: string; number: number; stage: TStage; metrics: unknown }[];
};

export function toModelDto(m: Row): TModel {
  const latest = m.versions[0] ?? null;
  const live = m.versions.find((v) => v.stage === "MONITORING") ?? null;
  return {
    id: m.id,
    slug: m.slug,
    title: m.title,
    description: m.description,
    problemType: m.problemType,
    criticality: m.criticality,
    team: m.team,
    dsOwner: m.dsOwner,
    itOwner: m.itOwner,
    tags: m.tags,
    health: m.health,
    archivedAt: m.archivedAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
    versionCount: m.versions.length,
    latestVersion: latest ? { id: latest.id, number: latest.number, stage: latest.stage } : null,
    productionVersion: live ? { id: live.id, number: live.number } : null,
    keyMetric: latest ? keyMetricOf((latest.metrics ?? {}) as Record<string, number>) : null,
  };
}

/** One model as listModels reads it: the DTO's facts flattened into the columns of a single SQL statement. */
export type TModelListRow = {
  id: string;
  slug: string;
  title: string;
  description: string;
  problemType: TModel["problemType"];
  criticality: TModel["criticality"];
  teamId: string;
  teamName: string;
  dsOwnerId: string;
  dsOwnerName: string;
  itOwnerId: string | null;
  itOwnerName: string | null;
  tags: string[];
  health: TModel["health"];
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  versionCount: number;
  latestId: string | null;
  latestNumber: number | null;
  latestStage: TStage | null;
  liveId: string | null;
  liveNumber: number | null;
  keyMetricName: string | null;
  keyMetricValue: number | null;
};

/** Same DTO as toModelDto: latest = highest number, production = highest-numbered version in MONITORING. */
export function toModelDtoFromListRow(r: TModelListRow): TModel {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    description: r.description,
    problemType: r.problemType,
    criticality: r.criticality,
    team: { id: r.teamId, name: r.teamName },
    dsOwner: { id: r.dsOwnerId, name: r.dsOwnerName },
    itOwner: r.itOwnerId !== null && r.itOwnerName !== null ? { id: r.itOwnerId, name: r.itOwnerName } : null,
    tags: r.tags,
    health: r.health,
    archivedAt: r.archivedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    versionCount: r.versionCount,
    latestVersion:
      r.latestId !== null && r.latestNumber !== null && r.latestStage !== null
        ? { id: r.latestId, number: r.latestNumber, stage: r.latestStage }
        : null,
    productionVersion: r.liveId !== null && r.liveNumber !== null ? { id: r.liveId, number: r.liveNumber } : null,
    keyMetric:
      r.keyMetricName !== null && r.keyMetricValue !== null
        ? { name: r.keyMetricName, value: Number(r.keyMetricValue) }
        : null,
  };
}
