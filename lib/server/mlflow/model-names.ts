import "server-only";
import type { Tx } from "@/lib/db/client";
import type { SqlTx } from "@/lib/db/run-transaction";
import { isValidSlug, placeName, slugBase, slugCandidate } from "@/lib/domain/mlflow/names";
import { findModelByName } from "./find-registry-ref";
import { mlflowError } from "./mlflow-error";

// Renames through MLflow take this transaction-scoped lock, so two of them never pick the same derived slug.
// Creations do not (issue 13: no request waits on a lock shared by unrelated models): they read the taken
// names and slugs in one statement and let the unique indexes refuse a twin, then retry (createRegisteredModel).
const NAMES_LOCK = 72_707_390;

export async function lockModelNames(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${NAMES_LOCK})`;
}

/** RESOURCE_ALREADY_EXISTS (400, as MLflow) when a live model already answers to `name`. */
export async function assertNameFree(tx: Tx, name: string, exceptModelId?: string): Promise<void> {
  const holder = await findModelByName(tx, name);
  if (holder && holder.id !== exceptModelId)
    throw mlflowError("RESOURCE_ALREADY_EXISTS", `Registered Model (name=${name}) already exists.`);
}

/** The first of `base`, `base-2`, `base-3`… that no model holds. */
async function freeSlug(tx: Tx, base: string): Promise<string> {
  const rows = await tx.model.findMany({
    where: { OR: [{ slug: base }, { slug: { startsWith: `${base.slice(0, 60)}-` } }] },
    select: { slug: true },
  });
  return firstFreeSlug(base, new Set(rows.map((r) => r.slug)));
}

function firstFreeSlug(base: string, taken: ReadonlySet<string>): string {
  for (let attempt = 1; ; attempt++) {
    const s = slugCandidate(base, attempt);
    if (!taken.has(s)) return s;
  }
}

/**
 * Slug and stored MLflow name for `name`: a valid slug nobody holds becomes the slug itself (so the name
 * is held in both namespaces); otherwise the model keeps `currentSlug` (or gets a derived one) and the
 * name goes to `mlflowName`. A slug another live model uses as its MLflow name is never released.
 */
export async function placeModelName(
  tx: Tx,
  name: string,
  current: { id: string; slug: string } | null,
): Promise<{ slug: string; mlflowName: string | null }> {
  const slugTaken = isValidSlug(name)
    ? (await tx.model.count({ where: { slug: name, ...(current ? { id: { not: current.id } } : {}) } })) > 0
    : true;
  const placed = placeName(name, current?.slug ?? null, slugTaken);
  if (placed.slug && current && placed.slug !== current.slug) {
    const oldSlugIsAName = await tx.model.count({ where: { mlflowName: current.slug, archivedAt: null } });
    if (oldSlugIsAName > 0) return { slug: current.slug, mlflowName: name };
  }
  if (placed.slug) return { slug: placed.slug, mlflowName: null };
  return { slug: current?.slug ?? (await freeSlug(tx, slugBase(name))), mlflowName: name };
}

/**
 * Slug and stored MLflow name for a NEW model named `name`, in one statement: whether a live model already
 * answers to the name, and the slugs that the placement could collide with. Same rules as placeModelName.
 * Plain SQL on the driver (createRegisteredModel runs in runSqlTransaction); NAME_SQL and LIVE_MODEL spelled out.
 */
export async function placeNewModelName(
  sql: SqlTx,
  name: string,
): Promise<{ held: boolean; slug: string; mlflowName: string | null }> {
  const base = slugBase(name);
  const [row] = await sql.query<{ held: boolean; slugs: string[] | null }>(
    `SELECT EXISTS (SELECT 1 FROM models m WHERE m."archivedAt" IS NULL AND (COALESCE(m."mlflowName", m.slug) COLLATE "C") = $1) AS held,
       (SELECT array_agg(slug) FROM models WHERE slug = $1 OR slug = $2 OR slug LIKE $3) AS slugs`,
    [name, base, `${base.slice(0, 60)}-%`],
  );
  const taken = new Set(row?.slugs ?? []);
  const placed = placeName(name, null, isValidSlug(name) ? taken.has(name) : true);
  if (placed.slug) return { held: !!row?.held, slug: placed.slug, mlflowName: null };
  return { held: !!row?.held, slug: firstFreeSlug(base, taken), mlflowName: name };
}
