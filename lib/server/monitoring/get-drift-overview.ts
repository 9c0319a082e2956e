import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";

const WINDOWS = 30;

export type TDriftCell = {
  windowId: string;
  feature: string;
  method: string;
  psi: number | null;
  pValue: number | null;
  drifted: boolean;
};

/**
 * The drift picture of a version: its latest production windows (oldest first), one cell per window and
 * feature, and the full statistics of the latest window (bins and shares for the distribution overlay).
 */
export async function getDriftOverview({ actor, versionId }: { actor: TActor; versionId: string }) {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const [reference, windowsDesc] = await Promise.all([
    db.referenceDataset.findUnique({ where: { versionId }, select: { rowCount: true, createdAt: true } }),
    db.sampleWindow.findMany({
      where: { versionId },
      orderBy: { windowEnd: "desc" },
      take: WINDOWS,
      select: {
        id: true,
        windowStart: true,
        windowEnd: true,
        rowCount: true,
        summary: true,
        quality: true,
        environment: true,
      },
    }),
  ]);
  const windows = [...windowsDesc].reverse();
  const latest = windowsDesc[0] ?? null;
  const [cells, latestDetails] = await Promise.all([
    db.driftResult.findMany({
      where: { windowId: { in: windows.map((w) => w.id) } },
      select: { windowId: true, feature: true, method: true, value: true, pValue: true, drifted: true },
    }),
    latest
      ? db.driftResult.findMany({
          where: { windowId: latest.id },
          select: { feature: true, method: true, value: true, pValue: true, drifted: true, details: true },
        })
      : Promise.resolve([]),
  ]);
  // Features ordered as a reviewer wants them: drifted in the latest window first, then by PSI.
  const order = [...latestDetails]
    .sort((a, b) => Number(b.drifted) - Number(a.drifted) || (b.value ?? 0) - (a.value ?? 0))
    .map((d) => d.feature);
  const features = [...new Set([...order, ...cells.map((c) => c.feature)])];
  return {
    reference: reference ? { rowCount: reference.rowCount, createdAt: reference.createdAt.toISOString() } : null,
    windows: windows.map((w) => ({
      id: w.id,
      start: w.windowStart.toISOString(),
      end: w.windowEnd.toISOString(),
      rowCount: w.rowCount,
      environment: w.environment,
      summary: w.summary as Record<string, unknown>,
    })),
    features,
    cells: cells.map((c): TDriftCell => ({
      windowId: c.windowId,
      feature: c.feature,
      method: c.method,
      psi: c.value,
      pValue: c.pValue,
      drifted: c.drifted,
    })),
    latest: latest
      ? {
          id: latest.id,
          end: latest.windowEnd.toISOString(),
          summary: latest.summary as Record<string, unknown>,
          quality: latest.quality as Record<string, unknown>,
          features: latestDetails.map((d) => ({
            feature: d.feature,
            method: d.method,
            psi: d.value,
            pValue: d.pValue,
            drifted: d.drifted,
            details: d.details as Record<string, unknown>,
          })),
        }
      : null,
  };
}

export type TDriftOverview = Awaited<ReturnType<typeof getDriftOverview>>;
