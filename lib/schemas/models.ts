import { z } from "zod";
import { STAGES } from "@/lib/domain/lifecycle/stages";
import { ZId, ZIsoDate } from "./common";
import { zLine, zText, zHttpUrl } from "./input-policy";

export const ZStage = z.enum(STAGES).describe("Lifecycle stage");
export const ZCriticality = z
  .enum(["MISSION_CRITICAL", "INTERNAL"])
  .describe("MISSION_CRITICAL serves customers; INTERNAL is used by internal teams");
export const ZProblemType = z.enum(["CLASSIFICATION", "REGRESSION", "OTHER"]);
export const ZHealth = z.enum(["UNKNOWN", "HEALTHY", "WARNING", "CRITICAL"]);

export const SLUG_RE = /^[a-z][a-z0-9-]{1,62}[a-z0-9]$/;
export const ZSlug = z
  .string()
  .regex(
    SLUG_RE,
    "Use 3–64 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen.",
  )
  .refine((s) => !s.includes("--"), "Do not use two hyphens in a row.")
  .describe("Unique model name (slug), e.g. credit-default-scoring");

const ZTag = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, "Tags are 1–40 lowercase letters, digits, dots, hyphens or underscores.");
const ZTags = z
  .array(ZTag)
  .max(20, "At most 20 tags.")
  .refine((t) => new Set(t).size === t.length, "Each tag may appear once.");

export const ZFeature = z
  .object({
    name: z
      .string()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/,
        "Feature names start with a letter or underscore (letters, digits, _ . -).",
      ),
    type: z.enum(["numeric", "categorical"]),
    categories: z
      .array(z.string().min(1).max(200))
      .max(1000)
      .optional()
      .describe("Allowed categories (categorical only)"),
    min: z.number().finite().optional().describe("Expected minimum (numeric only)"),
    max: z.number().finite().optional().describe("Expected maximum (numeric only)"),
    nullable: z.boolean().default(false),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.type === "numeric" && f.categories)
      ctx.addIssue({ code: "custom", path: ["categories"], message: "Only categorical features have categories." });
    if (f.type === "categorical" && (f.min !== undefined || f.max !== undefined))
      ctx.addIssue({ code: "custom", path: ["min"], message: "Only numeric features have a range." });
    if (f.min !== undefined && f.max !== undefined && f.min > f.max)
      ctx.addIssue({ code: "custom", path: ["max"], message: "max must be ≥ min." });
    if (f.categories && new Set(f.categories).size !== f.categories.length)
      ctx.addIssue({ code: "custom", path: ["categories"], message: "Categories must be unique." });
  });
export type TFeature = z.infer<typeof ZFeature>;

export const ZFeatureSchema = z
  .array(ZFeature)
  .max(2000)
  .superRefine((fs, ctx) => {
    const seen = new Set<string>();
    fs.forEach((f, i) => {
      if (seen.has(f.name))
        ctx.addIssue({ code: "custom", path: [i, "name"], message: `Duplicate feature "${f.name}".` });
      seen.add(f.name);
    });
  });

const ZPersonRef = z.object({ id: ZId, name: z.string() }).strict();

export const ZModel = z
  .object({
    id: ZId,
    slug: z.string(),
    title: z.string(),
    description: z.string(),
    problemType: ZProblemType,
    criticality: ZCriticality,
    team: z.object({ id: ZId, name: z.string() }).strict(),
    dsOwner: ZPersonRef,
    itOwner: ZPersonRef.nullable(),
    tags: z.array(z.string()),
    health: ZHealth,
    archivedAt: ZIsoDate.nullable(),
    createdAt: ZIsoDate,
    updatedAt: ZIsoDate,
    versionCount: z.number().int(),
    latestVersion: z.object({ id: ZId, number: z.number().int(), stage: ZStage }).strict().nullable(),
    productionVersion: z.object({ id: ZId, number: z.number().int() }).strict().nullable(),
    keyMetric: z
      .object({ name: z.string(), value: z.number() })
      .strict()
      .nullable()
      .describe("The latest version's key metric: the first of auc, r2, rmse, accuracy, macro_f1 it reports"),
  })
  .strict();
export type TModel = z.infer<typeof ZModel>;

export const ZCreateModelRequest = z
  .object({
    slug: ZSlug,
    title: zLine().trim().min(1, "Give the model a title.").max(200),
    description: zText().max(20_000).default("").describe("Markdown"),
    problemType: ZProblemType,
    criticality: ZCriticality,
    teamId: ZId.optional().describe("Owning team; defaults to the creator's team"),
    dsOwnerId: ZId.optional().describe("Data-science owner; defaults to the creator"),
    tags: ZTags.default([]),
  })
  .strict();
export type TCreateModelRequest = z.input<typeof ZCreateModelRequest>;

export const ZUpdateModelRequest = z
  .object({
    title: zLine().trim().min(1).max(200).optional(),
    description: zText().max(20_000).optional(),
    problemType: ZProblemType.optional(),
    criticality: ZCriticality.optional(),
    tags: ZTags.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "Send at least one field to change.");
export type TUpdateModelRequest = z.infer<typeof ZUpdateModelRequest>;

/** Sortable fields; `-` sorts descending. Health and criticality sort by severity (critical first when descending). */
export const MODEL_SORT_FIELDS = [
  "slug",
  "title",
  "updatedAt",
  "createdAt",
  "health",
  "criticality",
  "stage",
  "owner",
  "team",
  "keyMetric",
] as const;
export const MODEL_SORTS = MODEL_SORT_FIELDS.flatMap((f) => [f, `-${f}`] as const);

const ZLimit = z.coerce.number().int().min(1).max(100).default(25);

export const ZListModelsQuery = z
  .object({
    search: z.string().trim().max(100).optional().describe("Matches name, title or tag (case-insensitive)"),
    stage: ZStage.optional().describe("Models with at least one version in this stage"),
    teamId: ZId.optional(),
    ownerId: ZId.optional().describe("Data-science or IT owner"),
    criticality: ZCriticality.optional(),
    health: ZHealth.optional(),
    tag: ZTag.optional(),
    includeArchived: z
      .enum(["true", "false"])
      .transform((v) => v === "true")
      .optional(),
    sort: z
      .enum(MODEL_SORTS as [(typeof MODEL_SORTS)[number], ...(typeof MODEL_SORTS)[number][]])
      .default("slug")
      .describe(
        "slug, title, updatedAt, createdAt, health, criticality, stage (of the latest version), owner (data-science owner's name), team, keyMetric (of the latest version; models without one last); prefix - for descending",
      ),
    limit: ZLimit,
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type TListModelsQuery = z.infer<typeof ZListModelsQuery>;

export const ZListModelsResponse = z.object({ items: z.array(ZModel), nextCursor: z.string().nullable() }).strict();

export const ZModelRefParams = z.object({ modelId: z.string().min(1).max(100).describe("Model id or slug") }).strict();

// ───────── versions ─────────

const ZJsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string().max(10_000),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(ZJsonValue).max(1000),
    z.record(z.string(), ZJsonValue),
  ]),
);

export const ZVersion = z
  .object({
    id: ZId,
    modelId: ZId,
    modelSlug: z.string(),
    number: z.number().int(),
    stage: ZStage,
    status: z.enum(["READY", "IN_REVIEW", "REJECTED", "ROLLED_BACK"]),
    description: z.string(),
    artifactUri: z.string(),
    framework: z.string(),
    gitCommit: z.string(),
    trainingDataset: z.string(),
    parameters: z.record(z.string(), z.unknown()),
    metrics: z.record(z.string(), z.number()),
    featureSchema: z.array(ZFeature),
    health: ZHealth,
    createdBy: ZPersonRef.nullable(),
    stageChangedAt: ZIsoDate,
    createdAt: ZIsoDate,
  })
  .strict();
export type TVersion = z.infer<typeof ZVersion>;

export const ZRegisterVersionRequest = z
  .object({
    artifactUri: z
      .string()
      .trim()
      .min(1, "Give the artifact URI.")
      .max(2048)
      .regex(/^[a-z][a-z0-9+.-]*:\S+$/i, "Use a URI such as s3://bucket/path or runs:/<run>/model."),
    framework: z.string().trim().max(100).default(""),
    gitCommit: z
      .string()
      .trim()
      .regex(/^([0-9a-f]{7,40})?$/, "A git commit is 7–40 hex characters.")
      .default(""),
    trainingDataset: z.string().trim().max(2048).default(""),
    description: zText().max(20_000).default(""),
    parameters: z
      .record(z.string().max(200), ZJsonValue)
      .default({})
      .refine((p) => Object.keys(p).length <= 500, "At most 500 parameters."),
    metrics: z
      .record(
        z.string().regex(/^[A-Za-z0-9_.:/-]{1,100}$/, "Metric names are 1–100 letters, digits or _ . : / -"),
        z.number().finite(),
      )
      .default({}),
    featureSchema: ZFeatureSchema.default([]),
  })
  .strict();
export type TRegisterVersionRequest = z.input<typeof ZRegisterVersionRequest>;

export const ZUpdateVersionRequest = z.object({ description: zText().max(20_000) }).strict();

export const ZVersionParams = z.object({ versionId: ZId }).strict();

export const ZListVersionsQuery = z
  .object({ stage: ZStage.optional(), limit: ZLimit, cursor: z.string().max(500).optional() })
  .strict();
export const ZListVersionsResponse = z.object({ items: z.array(ZVersion), nextCursor: z.string().nullable() }).strict();

// ───────── checks ─────────

export const ZCheckResult = z
  .object({
    id: ZId,
    versionId: ZId,
    name: z.string(),
    status: z.enum(["PASS", "FAIL", "RUNNING", "SKIPPED"]),
    url: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    createdAt: ZIsoDate,
  })
  .strict();
export const ZReportCheckRequest = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "Check names are lowercase, e.g. unit-tests or data-validation."),
    status: z.enum(["PASS", "FAIL", "RUNNING", "SKIPPED"]),
    url: zHttpUrl().max(2048).optional(),
    details: z.record(z.string(), ZJsonValue).default({}),
  })
  .strict();
export type TReportCheckRequest = z.input<typeof ZReportCheckRequest>;
export const ZListChecksResponse = z.object({ items: z.array(ZCheckResult) }).strict();

export const ZArchiveModelRequest = z
  .object({ reason: zText().trim().min(1, "Say why the model is retired.").max(2000) })
  .strict();

// ───────── version comparison (issue 17) ─────────

export const ZCompareVersionsQuery = z
  .object({
    versions: z
      .union([z.string().max(200), z.array(z.string().max(200)).max(10)])
      .describe(
        "2–4 version numbers separated by commas, e.g. 3,5 (or the parameter repeated) — the first is the baseline metric deltas are taken against",
      ),
  })
  .strict();

export const ZLineageLinks = z
  .object({
    gitCommit: z
      .string()
      .nullable()
      .describe("The commit's page on the code host (MODELGATE_GIT_WEB_URL); null when not configured or no commit"),
    run: z.string().nullable().describe("Modelgate's page of the MLflow run the version came from"),
    trainingDataset: z.string().nullable().describe("The training dataset when it is an http(s) URL"),
  })
  .strict()
  .describe("Where the version's lineage points");

const ZCompareCell = z
  .object({
    text: z.string().nullable().describe("The value as shown; null when the version has no such entry"),
    value: z.number().nullable().describe("Metrics only: the number"),
    delta: z.number().nullable().describe("Metrics only: the difference to the first version"),
    best: z
      .boolean()
      .describe(
        "Metrics only: the best value among versions that disagree (lower is better for errors, losses, latency)",
      ),
  })
  .strict();
const ZCompareRow = z.object({ key: z.string(), cells: z.array(ZCompareCell), differs: z.boolean() }).strict();

export const ZCompareVersionsResponse = z
  .object({
    model: z.object({ id: ZId, slug: z.string(), title: z.string() }).strict(),
    versions: z.array(
      z
        .object({
          id: ZId,
          number: z.number().int(),
          stage: ZStage,
          status: z.enum(["READY", "IN_REVIEW", "REJECTED", "ROLLED_BACK"]),
          health: ZHealth,
          gitCommit: z.string(),
          trainingDataset: z.string(),
          runId: z.string().nullable().describe("The MLflow run the version was registered from"),
          links: ZLineageLinks,
          createdAt: ZIsoDate,
        })
        .strict(),
    ),
    sections: z
      .object({
        lineage: z.array(ZCompareRow),
        metrics: z.array(ZCompareRow),
        parameters: z.array(ZCompareRow),
        features: z.array(ZCompareRow),
        checks: z.array(ZCompareRow),
        evidence: z.array(ZCompareRow),
        drift: z.array(ZCompareRow),
      })
      .strict(),
    differing: z.number().int().describe("Rows that differ, over every section"),
  })
  .strict();
export type TCompareVersionsResponse = z.infer<typeof ZCompareVersionsResponse>;
