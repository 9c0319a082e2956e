import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { artifactOwner } from "@/lib/domain/artifacts/artifact-path";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { mlflowError } from "./mlflow-error";
import { requireTrackingWrite } from "./tracking-sql";
import { versionsAt, type TArtifactVersion } from "../artifacts/version-artifacts";

const LAYOUT = "Artifact paths start with an experiment id: <experiment_id>/<run_id>/artifacts/…";

type TOwnerRows = {
  experiment: { id: number; createdById: string | null; teamId: string | null };
  run: { id: string; createdById: string | null; teamId: string | null } | null;
};

async function loadOwner(db: Db | Tx, key: string): Promise<TOwnerRows> {
  const owner = artifactOwner(key);
  if (!owner) throw mlflowError("PERMISSION_DENIED", LAYOUT);
  const experiment = await db.mlflowExperiment.findUnique({
    where: { id: owner.experimentId },
    select: { id: true, createdById: true, teamId: true },
  });
  if (!experiment) throw mlflowError("RESOURCE_DOES_NOT_EXIST", `No Experiment with id=${owner.experimentId} exists`);
  const run = owner.runId
    ? await db.mlflowRun.findFirst({
        where: { id: owner.runId, experimentId: experiment.id },
        select: { id: true, createdById: true, teamId: true },
      })
    : null;
  return { experiment, run };
}

/** An unregistered run's (or an experiment's own) files are its team's: the team, the creator, administrators. */
function canReadTracking(actor: TActor, o: TOwnerRows): boolean {
  if (actor.roles.includes("ADMIN")) return true;
  const owners = [o.experiment, ...(o.run ? [o.run] : [])];
  return owners.some((x) => actor.userId === x.createdById || (actor.teamId !== null && actor.teamId === x.teamId));
}

/**
 * Reading: the files of a registered model version — and of the run it came from — are readable by whoever may
 * read the model (`models:read`: the portfolio is visible to all, as the model pages are); an unregistered
 * run's files only by the experiment's (or run's) team, its creator and administrators.
 */
export async function requireArtifactRead(db: Db | Tx, actor: TActor, key: string): Promise<TArtifactVersion[]> {
  requirePermission(actor, "models:read");
  const o = await loadOwner(db, key);
  const covering = await versionsAt(db, key, { inside: false });
  if (covering.length) return covering;
  if (o.run && (await db.modelVersion.count({ where: { runId: o.run.id } })) > 0) return covering;
  if (!canReadTracking(actor, o))
    throw mlflowError(
      "PERMISSION_DENIED",
      "Only the team that created this run or experiment, its creator and administrators may read its artifacts until a model version is registered from it.",
    );
  return covering;
}

/** Writing (upload, multipart, delete): `versions:register` (a `write` token) and the run's or experiment's team. */
export async function requireArtifactWrite(db: Db | Tx, actor: TActor, key: string): Promise<void> {
  requirePermission(actor, "versions:register");
  const o = await loadOwner(db, key);
  requireTrackingWrite(actor, o.run ?? o.experiment, o.run ? "run" : "experiment");
}

/** A registered version's files never change: uploads into its directory are refused. */
export async function requireNotRegistered(db: Db | Tx, key: string): Promise<void> {
  const [v] = await versionsAt(db, key, { inside: false });
  if (v)
    throw mlflowError(
      "PERMISSION_DENIED",
      `'${key}' belongs to version ${v.number} of a registered model; the files of a registered version cannot change. Log the new files under another path and register a new version.`,
    );
}

/** Deleting files behind a version that ever left Design is refused (they are what a gate judged or approved). */
export async function requireDeletable(db: Db | Tx, key: string): Promise<void> {
  const frozen = (await versionsAt(db, key, { inside: true })).find((v) => v.leftDesign);
  if (frozen)
    throw mlflowError(
      "PERMISSION_DENIED",
      `'${key}' holds the files of version ${frozen.number} of a registered model, which has left Design; they cannot be deleted.`,
    );
}
