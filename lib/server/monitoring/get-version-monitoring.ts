import "server-only";
import { getDb } from "@/lib/db/client";
import type { THealthReason } from "@/lib/domain/monitoring/health";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";
import { getModel } from "../models/get-model";
import { getVersionByNumber } from "../versions/get-version";
import { getDriftOverview } from "./get-drift-overview";

/** The monitoring tab of a version: identity, health with its reasons, and the drift picture. */
export async function getVersionMonitoring({ actor, slug, number }: { actor: TActor; slug: string; number: number }) {
  requirePermission(actor, "models:read");
  const version = await getVersionByNumber({ actor, modelSlug: slug, number });
  const db = await getDb();
  const [model, drift, row] = await Promise.all([
    getModel({ actor, modelRef: version.modelId }),
    getDriftOverview({ actor, versionId: version.id }),
    db.modelVersion.findUniqueOrThrow({ where: { id: version.id }, select: { healthReasons: true } }),
  ]);
  return { model, version, drift, reasons: (row.healthReasons ?? []) as THealthReason[] };
}
