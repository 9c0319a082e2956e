import "server-only";
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
  versions: { select: { id: true, number: true, stage: true }, orderBy: { number: "desc" } },
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
  versions: { id: string; number: number; stage: TStage }[];
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
  };
}
