import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb, type Tx } from "@/lib/db/client";
import { MlflowInputError } from "@/lib/domain/mlflow/input-error";
import type { TKeyValue } from "@/lib/domain/mlflow/proto-json";
import { checkLength, LIMITS, normalizePosixPath, validateRegistryTag } from "@/lib/domain/mlflow/validation";
import { deriveVersionEvidence, MODELGATE_TAGS } from "@/lib/domain/mlflow/version-evidence";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { ZFeatureSchema } from "@/lib/schemas/models";
import { appendAuditEvent } from "../audit/append-audit-event";
import { readImportanceTag, recordImportanceFromTag } from "../importance/importance-tag";
import { requirePermission } from "../auth/get-actor";
import { requireModelWrite } from "../models/find-model";
import { dedupe } from "./create-registered-model";
import { requireModelByName } from "./find-registry-ref";
import { mlflowError } from "./mlflow-error";
import { loadVersions, type TLoadedVersion } from "./registry-sql";
import { loadRunEvidence } from "./tracking-sql";
import { runTransaction } from "@/lib/db/run-transaction";
import { checkNonLocalSource } from "@/lib/domain/mlflow/source-check";
import { storedModelColumns, withModelEvidence } from "../artifacts/model-evidence";
import { readStoredModel } from "../artifacts/stored-model";

const isLocal = (source: string) => !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(source) || /^file:/i.test(source);
const localPath = (source: string) => normalizePosixPath(source.replace(/^file:(\/\/)?/i, ""));

/**
 * createModelVersion: a Modelgate version in DESIGN, numbered atomically like any registration
 * (`UPDATE models … RETURNING "versionCounter"` row-locks the model). When it comes from a known run, the
 * run's latest metrics become the version's evaluation metrics — what the gates judge — and its params,
 * git commit, logged model flavour and dataset fill the rest of the evidence (lib/domain/mlflow/version-evidence.ts).
 * Source rules are MLflow's: a local path needs its run and must lie inside that run's artifacts;
 * other sources may not contain `..` segments.
 */
export async function createModelVersion(o: {
  actor: TActor;
  name: string;
  source: string;
  runId?: string;
  runLink?: string;
  description?: string;
  tags: TKeyValue[];
}): Promise<TLoadedVersion> {
  const { actor, name, source } = o;
  requirePermission(actor, "versions:register");
  const tags = dedupe(o.tags);
  for (const t of tags) validateRegistryTag(t.key, t.value);
  const description = o.description ?? "";
  checkLength("Description", description, LIMITS.description);
  checkLength("Source", source, 2048);
  const runId = o.runId || undefined;
  const db = await getDb();
  const run = runId ? await loadRunEvidence(db, runId) : null;
  checkSource(source, runId, run?.artifactUri);
  const stored = await readStoredModel(db, source);
  const { evidence, disagreement } = withModelEvidence(deriveVersionEvidence(run, tags, source), stored, tags);
  const featureSchema = parseFeatureSchema(evidence.featureSchemaJson);
  const importance =
    evidence.featureImportanceJson === null
      ? null
      : readImportanceTag(
          evidence.featureImportanceJson,
          featureSchema.map((f) => f.name),
        );

  return runTransaction(async (tx) => {
    const model = await requireModelByName(tx, name);
    requireModelWrite(actor, model);
    const [{ versionCounter: number }] = (await tx.$queryRaw<{ versionCounter: number }[]>`
      UPDATE models SET "versionCounter" = "versionCounter" + 1, "updatedAt" = now() WHERE id = ${model.id} RETURNING "versionCounter"`) as [
      { versionCounter: number },
    ];
    const version = await tx.modelVersion.create({
      data: {
        modelId: model.id,
        number,
        artifactUri: source,
        description,
        framework: evidence.framework,
        gitCommit: evidence.gitCommit,
        trainingDataset: evidence.trainingDataset,
        parameters: evidence.parameters,
        metrics: evidence.metrics,
        featureSchema,
        createdById: actor.userId,
        runId: runId ?? null,
        runLink: o.runLink ?? "",
        ...storedModelColumns(stored, disagreement),
      },
      select: { id: true },
    });
    await tx.stageHistory.create({
      data: {
        versionId: version.id,
        toStage: "DESIGN",
        actorId: actor.userId,
        reason: "Registered through the MLflow API",
      },
    });
    await linkRetrainingRequest(tx, model.id, version.id);
    if (tags.length) await tx.mlflowVersionTag.createMany({ data: tags.map((t) => ({ versionId: version.id, ...t })) });
    await appendAuditEvent(tx, {
      actor,
      action: "version.registered",
      entityType: "version",
      entityId: version.id,
      modelId: model.id,
      after: {
        number,
        artifactUri: source,
        runId: runId ?? null,
        framework: evidence.framework,
        gitCommit: evidence.gitCommit,
        metrics: evidence.metrics,
        features: featureSchema.length,
        artifactDigest: stored?.digest ?? null,
      },
      metadata: { via: "mlflow" },
    });
    if (importance)
      await recordImportanceFromTag(tx, {
        actor,
        version: { id: version.id, number, modelId: model.id, featureNames: featureSchema.map((f) => f.name) },
        importance,
      });
    return (await loadVersions(tx, { where: Prisma.sql`v.id = ${version.id}` }))[0]!;
  });
}

function checkSource(source: string, runId: string | undefined, runArtifacts: string | undefined): void {
  const explain = `Invalid model version source: '${source}'. To use a local path as a model version source, the run_id request parameter has to be specified and the local path has to be contained within the artifact directory of the run specified by the run_id.`;
  if (isLocal(source)) {
    if (!runId) throw new MlflowInputError(explain);
    if (runArtifacts === undefined) throw mlflowError("RESOURCE_DOES_NOT_EXIST", `Run with id=${runId} not found`);
    const root = isLocal(runArtifacts) ? localPath(runArtifacts) : null;
    const path = localPath(source);
    if (!root || (path !== root && !path.startsWith(`${root}/`))) throw new MlflowInputError(explain);
    return;
  }
  checkNonLocalSource(source);
}

function parseFeatureSchema(json: string | null) {
  if (json === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new MlflowInputError(`Tag ${MODELGATE_TAGS.featureSchema} must be a JSON array of features.`);
  }
  const parsed = ZFeatureSchema.safeParse(value);
  if (!parsed.success)
    throw new MlflowInputError(
      `Tag ${MODELGATE_TAGS.featureSchema}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}

/** As registerVersion does: the first version registered while a retraining request is open becomes its candidate. */
async function linkRetrainingRequest(tx: Tx, modelId: string, versionId: string) {
  const open = await tx.retrainingRequest.findFirst({
    where: { modelId, status: { in: ["OPEN", "IN_PROGRESS"] }, linkedVersionId: null },
    orderBy: { createdAt: "asc" },
    select: { id: true },
  });
  if (open)
    await tx.retrainingRequest.update({
      where: { id: open.id },
      data: { linkedVersionId: versionId, status: "IN_PROGRESS" },
    });
}
