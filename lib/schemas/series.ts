import { z } from "zod";
import { RANGE_PRESETS } from "@/lib/domain/charts/time-buckets";

const RANGES = Object.keys(RANGE_PRESETS) as [keyof typeof RANGE_PRESETS, ...(keyof typeof RANGE_PRESETS)[]];

export const ZSeriesQuery = z
  .object({
    names: z
      .string()
      .max(500)
      .transform((s) => [
        ...new Set(
          s
            .split(",")
            .map((x) => x.trim())
            .filter(Boolean),
        ),
      ])
      .refine((a) => a.length >= 1 && a.length <= 12, "Ask for 1 to 12 metric names, comma-separated.")
      .describe("Comma-separated metric names, e.g. auc,latency_p95_ms"),
    range: z.enum(RANGES).optional().describe("Preset range ending now (default 7d); ignored when from/to are given"),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    environment: z.string().min(1).max(64).default("production"),
  })
  .strict();
export type TSeriesQuery = z.infer<typeof ZSeriesQuery>;

const ZPoint = z
  .object({
    t: z.number().describe("Bucket start, epoch ms"),
    avg: z.number().nullable(),
    min: z.number().nullable(),
    max: z.number().nullable(),
    count: z.number().int(),
  })
  .strict();

export const ZSeriesResponse = z
  .object({
    from: z.number(),
    to: z.number(),
    bucketSeconds: z.number().int(),
    series: z.array(z.object({ name: z.string(), points: z.array(ZPoint) }).strict()),
    markers: z
      .array(z.object({ t: z.number(), label: z.string(), kind: z.enum(["deployment", "rollback"]) }).strict())
      .describe("Production deployments inside the range"),
    thresholds: z
      .array(z.object({ metric: z.string(), warning: z.number(), critical: z.number() }).strict())
      .describe("Health thresholds for the requested metrics"),
  })
  .strict();
export type TSeriesResponse = z.infer<typeof ZSeriesResponse>;
