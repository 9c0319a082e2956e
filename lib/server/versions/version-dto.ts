import "server-only";
import { Prisma } from "@/generated/prisma/client";
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

/**
 * VERSION_DTO_SELECT as one SQL statement (version, model slug and creator joined), for the hot single
 * reads in get-version.ts: Prisma's nested select costs three statements and ~2.5 ms of CPU per call
 * (every query compiled in WebAssembly), this one ~0.7 ms (bench/registry.bench.ts). Append a WHERE clause.
 */
export const VERSION_DTO_SQL = Prisma.sql`
  SELECT v."id", v."modelId", m."slug" AS "modelSlug", v."number", v."stage"::text AS "stage", v."status"::text AS "status",
    v."description", v."artifactUri", v."framework", v."gitCommit", v."trainingDataset", v."parameters", v."metrics", v."featureSchema",
    v."health"::text AS "health", u."id" AS "createdById", u."name" AS "createdByName", v."stageChangedAt", v."createdAt"
  FROM "model_versions" v
  JOIN "models" m ON m."id" = v."modelId"
  LEFT JOIN "users" u ON u."id" = v."createdById"`;

export type TVersionSqlRow = Omit<Row, "model" | "createdBy"> & {
  modelSlug: string;
  createdById: string | null;
  createdByName: string | null;
};

export function toVersionDtoFromSqlRow({ modelSlug, createdById, createdByName, ...rest }: TVersionSqlRow): TVersion {
  return toVersionDto({
    ...rest,
    model: { slug: modelSlug },
    createdBy: createdById !== null && createdByName !== null ? { id: createdById, name: createdByName } : null,
  });
}
