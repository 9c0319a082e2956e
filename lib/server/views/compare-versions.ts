import "server-only";
import { getDb } from "@/lib/db/client";
import { STAGE_LABELS, type TStage } from "@/lib/domain/lifecycle/stages";
import type { TActor } from "@/lib/domain/rbac/permissions";
import {
  compareVersions as compareColumns,
  parseComparedNumbers,
  type TCompareColumn,
  type TCompareFeature,
} from "@/lib/domain/versions/compare-versions";
import { AppError } from "@/lib/errors";
import type { TCompareVersionsResponse } from "@/lib/schemas/models";
import { requirePermission } from "../auth/get-actor";
import { lineageLinksOf } from "../versions/lineage-links";
import { loadImportances } from "../importance/importance-dto";
import { findModelRef } from "../models/find-model";
import { previewGate } from "../promotions/preview-gate";

type TVersionRow = {
  id: string;
  number: number;
  stage: TStage;
  status: TCompareVersionsResponse["versions"][number]["status"];
  health: TCompareVersionsResponse["versions"][number]["health"];
  framework: string;
  gitCommit: string;
  trainingDataset: string;
  artifactUri: string;
  artifactDigest: string | null;
  runId: string | null;
  parameters: Record<string, unknown> | null;
  metrics: Record<string, number> | null;
  featureSchema: TCompareFeature[] | null;
  createdAt: Date;
  createdByName: string | null;
};

type TWindowRow = { versionId: string; windowEnd: Date; environment: string; summary: Record<string, unknown> | null };

const fmt = (n: number, digits = 3) => String(Number(n.toFixed(digits)));

/** The latest production window in words: when, how many features drifted, weighted drift, its health. */
function driftWords(w: TWindowRow | undefined): Record<string, string> {
  if (!w) return {};
  const s = w.summary ?? {};
  const dd = s.datasetDrift as { drifted_count?: number; evaluated_count?: number } | undefined;
  const wd = s.weightedDrift as { score?: number | null } | undefined;
  return {
    "Latest window": `${w.windowEnd.toISOString().slice(0, 10)} (${w.environment})`,
    ...(dd && typeof dd.evaluated_count === "number"
      ? { "Drifted features": `${dd.drifted_count ?? 0} of ${dd.evaluated_count}` }
      : {}),
    ...(wd && typeof wd.score === "number" ? { "Importance-weighted drift": fmt(wd.score) } : {}),
    ...(typeof s.health === "string" ? { "Window health": s.health.toLowerCase() } : {}),
  };
}

/**
 * 2–4 versions of one model side by side: lineage, metrics (best marked, deltas against the first), parameters,
 * feature schema, gate evidence (checks, reference data, importances, the next gate) and the latest drift window.
 * A read; NOT_FOUND names a version number the model does not have, VALIDATION_FAILED a bad list.
 */
export async function compareModelVersions({
  actor,
  modelRef,
  versions,
}: {
  actor: TActor;
  modelRef: string;
  versions: string | readonly string[];
}): Promise<TCompareVersionsResponse> {
  requirePermission(actor, "models:read");
  const parsed = parseComparedNumbers(versions);
  if ("error" in parsed)
    throw new AppError("VALIDATION_FAILED", parsed.error, {
      errors: [{ path: "query.versions", message: parsed.error }],
    });
  const db = await getDb();
  const ref = await findModelRef(db, modelRef);
  const model = await db.model.findUniqueOrThrow({
    where: { id: ref.id },
    select: { id: true, slug: true, title: true },
  });
  const rows = await db.$queryRaw<TVersionRow[]>`
    SELECT v.id, v.number, v.stage::text AS stage, v.status::text AS status, v.health::text AS health, v.framework, v."gitCommit",
      v."trainingDataset", v."artifactUri", v."artifactDigest", v."runId", v.parameters, v.metrics, v."featureSchema", v."createdAt", u.name AS "createdByName"
    FROM model_versions v LEFT JOIN users u ON u.id = v."createdById"
    WHERE v."modelId" = ${ref.id} AND v.number = ANY(${parsed.numbers}::int[])`;
  const byNumber = new Map(rows.map((r) => [r.number, r]));
  const missing = parsed.numbers.filter((n) => !byNumber.has(n));
  if (missing.length) throw new AppError("NOT_FOUND", `${ref.slug} has no version ${missing.join(", ")}.`);
  const ordered = parsed.numbers.map((n) => byNumber.get(n)!);
  const ids = ordered.map((v) => v.id);
  const [checks, references, importances, windows, gates] = await Promise.all([
    // Newest first, so the first row per (version, name) is the one the gate counts.
    db.checkResult.findMany({
      where: { versionId: { in: ids } },
      select: { versionId: true, name: true, status: true },
      orderBy: { createdAt: "desc" },
    }),
    db.referenceDataset.findMany({ where: { versionId: { in: ids } }, select: { versionId: true, rowCount: true } }),
    loadImportances(db, ids),
    db.$queryRaw<TWindowRow[]>`
      SELECT DISTINCT ON ("versionId") "versionId", "windowEnd", environment, summary
      FROM sample_windows WHERE "versionId" = ANY(${ids}::text[]) ORDER BY "versionId", "windowEnd" DESC`,
    Promise.all(
      ordered.map((v) => (v.stage === "ARCHIVED" ? Promise.resolve(null) : previewGate({ actor, versionId: v.id }))),
    ),
  ]);
  const refByVersion = new Map(references.map((r) => [r.versionId, r.rowCount]));
  const windowByVersion = new Map(windows.map((w) => [w.versionId, w]));
  const columns = ordered.map((v, i): TCompareColumn => {
    const latestChecks: Record<string, string> = {};
    for (const c of checks) if (c.versionId === v.id && !(c.name in latestChecks)) latestChecks[c.name] = c.status;
    const gate = gates[i];
    const imp = importances.get(v.id);
    const rowCount = refByVersion.get(v.id);
    const missingReqs = gate ? gate.gate.requirements.filter((r) => !r.met).length : 0;
    return {
      number: v.number,
      lineage: {
        Stage: STAGE_LABELS[v.stage],
        Status: v.status.toLowerCase().replace("_", " "),
        Framework: v.framework,
        "Git commit": v.gitCommit,
        "Training data": v.trainingDataset,
        "MLflow run": v.runId ?? "",
        Artifact: v.artifactUri,
        "Artifact digest": v.artifactDigest ?? "",
        Registered: `${v.createdAt.toISOString().slice(0, 10)}${v.createdByName ? ` by ${v.createdByName}` : ""}`,
      },
      metrics: v.metrics ?? {},
      parameters: v.parameters ?? {},
      featureSchema: v.featureSchema ?? [],
      checks: latestChecks,
      evidence: {
        "Reference data": rowCount === undefined ? "not registered" : `${rowCount} rows`,
        "Feature importance": imp ? `${imp.method}, top 3 hold ${Math.round(imp.topShare * 100)} %` : "not recorded",
        "Next gate": gate
          ? `to ${STAGE_LABELS[gate.toStage]}: ${gate.gate.open ? "open" : `${missingReqs} of ${gate.gate.requirements.length} missing`}`
          : "none (end of the line)",
      },
      drift: driftWords(windowByVersion.get(v.id)),
    };
  });
  const c = compareColumns(columns);
  return {
    model,
    versions: ordered.map((v) => ({
      id: v.id,
      number: v.number,
      stage: v.stage,
      status: v.status,
      health: v.health,
      gitCommit: v.gitCommit,
      trainingDataset: v.trainingDataset,
      runId: v.runId,
      links: lineageLinksOf(v),
      createdAt: v.createdAt.toISOString(),
    })),
    sections: {
      lineage: c.lineage,
      metrics: c.metrics,
      parameters: c.parameters,
      features: c.features,
      checks: c.checks,
      evidence: c.evidence,
      drift: c.drift,
    },
    differing: c.differing,
  };
}
