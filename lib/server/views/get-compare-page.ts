import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { parseComparedNumbers } from "@/lib/domain/versions/compare-versions";
import { requirePermission } from "../auth/get-actor";
import { findModelRef } from "../models/find-model";
import { compareModelVersions } from "./compare-versions";

/**
 * The compare page: the model's versions to pick from, and the comparison when the query names 2–4 of them.
 * A list the domain refuses is an error sentence on the page (the picker stays usable), not an exception.
 */
export async function getComparePage({
  actor,
  slug,
  selected,
}: {
  actor: TActor;
  slug: string;
  selected: string | string[] | undefined;
}) {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const ref = await findModelRef(db, slug);
  const [model, available] = await Promise.all([
    db.model.findUniqueOrThrow({ where: { id: ref.id }, select: { id: true, slug: true, title: true } }),
    db.modelVersion.findMany({
      where: { modelId: ref.id },
      select: { number: true, stage: true },
      orderBy: { number: "desc" },
    }),
  ]);
  const parsed = parseComparedNumbers(selected);
  if ("error" in parsed)
    return {
      model,
      available,
      selected: [] as number[],
      comparison: null,
      error: selected === undefined ? null : parsed.error,
    };
  const known = new Set(available.map((v) => v.number));
  const unknown = parsed.numbers.filter((n) => !known.has(n));
  if (unknown.length)
    return {
      model,
      available,
      selected: parsed.numbers.filter((n) => known.has(n)),
      comparison: null,
      error: `${model.slug} has no version ${unknown.join(", ")}.`,
    };
  return {
    model,
    available,
    selected: parsed.numbers,
    comparison: await compareModelVersions({ actor, modelRef: ref.id, versions: parsed.numbers.map(String) }),
    error: null,
  };
}
