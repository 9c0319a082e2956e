import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

// Environment names only ever grow (administrators create them; nothing deletes them), so a cached list
// that contains every name asked for is still right; a miss re-reads. The hot metrics path then costs
// no statement per batch.
let cached: Set<string> | undefined;

/** "production" (the default every sender may use) and every environment an administrator created. */
async function loadKnown(db: Db | Tx): Promise<Set<string>> {
  const rows = await db.environment.findMany({ select: { name: true } });
  cached = new Set(["production", ...rows.map((r) => r.name)]);
  return cached;
}

/**
 * Throws VALIDATION_FAILED naming `path(i)` for each name that is no known environment, with the list of
 * known ones, so a typo ("prod", "nosuchenv") cannot create data nobody reads.
 */
export async function assertKnownEnvironments(
  db: Db | Tx,
  names: readonly string[],
  path: (i: number) => string,
): Promise<void> {
  let known = cached;
  if (!known || names.some((n) => !known!.has(n))) known = await loadKnown(db);
  const errors: { path: string; message: string }[] = [];
  const list = [...known].sort().join(", ");
  names.forEach((n, i) => {
    if (!known.has(n) && errors.length < 100)
      errors.push({ path: path(i), message: `Unknown environment "${n}". Known environments: ${list}.` });
  });
  if (errors.length)
    throw new AppError(
      "VALIDATION_FAILED",
      `Send data for a known environment (${list}); an administrator creates new ones.`,
      { errors, extra: { knownEnvironments: [...known].sort() } },
    );
}
