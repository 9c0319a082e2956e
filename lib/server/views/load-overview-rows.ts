import "server-only";
import type { Db } from "@/lib/db/client";
import type { TStage } from "@/lib/domain/lifecycle/stages";
import type { TStageEntry } from "@/lib/domain/overview/time-in-stage";

/*
 * The overview's two large reads, as raw SQL returning one text value each. On 1,000 models × 10
 * versions, materialising 10,000 version rows (or 20,000 stage entries) through Prisma and the PGlite
 * adapter costs more than the whole 200 ms budget; aggregated in SQL and sent as one JSON / compact text
 * value they cost a few milliseconds (bench/overview.bench.ts).
 */

type TPerson = { id: string; name: string; active: boolean };

export type TOverviewModelRow = {
  id: string;
  slug: string;
  title: string;
  criticality: "MISSION_CRITICAL" | "INTERNAL";
  health: "UNKNOWN" | "HEALTHY" | "WARNING" | "CRITICAL";
  healthReasons: unknown;
  team: { id: string; name: string };
  dsOwner: TPerson;
  itOwner: TPerson | null;
  /** The stage of every version (archived ones included). */
  stages: TStage[];
  /** Number of the version in MONITORING, if any. */
  liveVersion: number | null;
  /** An ACTIVE deployment in a production environment exists. */
  activeProduction: boolean;
};

/** Every model that is not archived, with its team, owners and version stages, sorted by slug. */
export async function loadOverviewModels(db: Db): Promise<TOverviewModelRow[]> {
  const [row] = await db.$queryRaw<{ models: string | null }[]>`
    SELECT json_agg(json_build_object(
      'id', m.id, 'slug', m.slug, 'title', m.title, 'criticality', m.criticality, 'health', m.health, 'healthReasons', m."healthReasons",
      'team', json_build_object('id', t.id, 'name', t.name),
      'dsOwner', json_build_object('id', d.id, 'name', d.name, 'active', d.active),
      'itOwner', CASE WHEN i.id IS NULL THEN NULL ELSE json_build_object('id', i.id, 'name', i.name, 'active', i.active) END,
      'stages', coalesce(v.stages, '[]'::json),
      'liveVersion', v.live,
      'activeProduction', p."modelId" IS NOT NULL
    ) ORDER BY m.slug)::text AS models
    FROM models m
    JOIN teams t ON t.id = m."teamId"
    JOIN users d ON d.id = m."dsOwnerId"
    LEFT JOIN users i ON i.id = m."itOwnerId"
    LEFT JOIN (
      SELECT "modelId", json_agg(stage) AS stages, max(number) FILTER (WHERE stage = 'MONITORING') AS live
      FROM model_versions GROUP BY "modelId"
    ) v ON v."modelId" = m.id
    -- A join rather than EXISTS per model: a third of the cost on PGlite.
    LEFT JOIN (
      SELECT DISTINCT dp."modelId" FROM deployments dp JOIN environments e ON e.id = dp."environmentId"
      WHERE dp.status = 'ACTIVE' AND e."isProduction"
    ) p ON p."modelId" = m.id
    WHERE m."archivedAt" IS NULL`;
  return row?.models ? (JSON.parse(row.models) as TOverviewModelRow[]) : [];
}

/**
 * Every stage entry of the versions that entered a stage since `since` — a stay ending in the window may
 * have started before it — as "STAGE epochMs" pairs grouped per version (the version id itself is not
 * needed: entries only have to be grouped). Unordered: computeTimeInStage orders each version's entries,
 * and sorting here (a per-version index lookup) would only cost time.
 */
export async function loadStageEntries(db: Db, since: Date): Promise<TStageEntry[]> {
  const [row] = await db.$queryRaw<{ entries: string | null }[]>`
    SELECT string_agg(per_version.e, ';') AS entries
    FROM (SELECT DISTINCT "versionId" FROM stage_history WHERE "enteredAt" >= ${since}) recent
    CROSS JOIN LATERAL (
      SELECT string_agg(h."toStage"::text || ' ' || (extract(epoch FROM h."enteredAt") * 1000)::bigint, ',') AS e
      FROM stage_history h WHERE h."versionId" = recent."versionId"
    ) per_version`;
  if (!row?.entries) return [];
  const out: TStageEntry[] = [];
  row.entries.split(";").forEach((version, v) => {
    for (const pair of version.split(",")) {
      const space = pair.indexOf(" ");
      out.push({
        versionId: String(v),
        stage: pair.slice(0, space) as TStage,
        enteredAt: Number(pair.slice(space + 1)),
      });
    }
  });
  return out;
}

export type TPendingRequestRow = {
  id: string;
  createdAt: string;
  toStage: TStage;
  versionNumber: number;
  modelId: string;
  modelSlug: string;
  modelTitle: string;
  requesterId: string;
  requesterName: string;
  /** Everyone who already voted on the request. */
  approverIds: string[];
  /** Roles whose approval the latest gate evaluation still misses ("approval:<ROLE>" requirements not met). */
  missingApprovalRoles: string[];
};
export type TProposedHandoffRow = {
  id: string;
  modelId: string;
  modelSlug: string;
  modelTitle: string;
  direction: "DS_TO_IT" | "IT_TO_DS";
  toUserId: string;
  toName: string;
  fromName: string;
  proposedAt: string;
};

/**
 * Pending promotion requests (with what the "waiting on you" rule needs) and proposed handoffs, oldest
 * first, in one round trip — a sixth of the cost of listPromotionQueue's full request DTOs on PGlite.
 */
export async function loadWaitingWork(
  db: Db,
): Promise<{ requests: TPendingRequestRow[]; handoffs: TProposedHandoffRow[] }> {
  const [row] = await db.$queryRaw<{ requests: string; handoffs: string }[]>`
    SELECT
      (SELECT coalesce(json_agg(json_build_object(
          'id', r.id, 'createdAt', r."createdAt", 'toStage', r."toStage", 'versionNumber', v.number, 'modelId', v."modelId",
          'modelSlug', m.slug, 'modelTitle', m.title, 'requesterId', r."requesterId", 'requesterName', u.name,
          'approverIds', (SELECT coalesce(json_agg(a."approverId"), '[]'::json) FROM approvals a WHERE a."requestId" = r.id),
          'missingApprovalRoles', (
            SELECT coalesce(json_agg(substr(q->>'key', length('approval:') + 1)), '[]'::json)
            FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r."gateSnapshot"->'requirements') = 'array' THEN r."gateSnapshot"->'requirements' ELSE '[]'::jsonb END) q
            WHERE q->>'met' = 'false' AND q->>'key' LIKE 'approval:%')
        ) ORDER BY r."createdAt", r.id), '[]'::json)
       FROM transition_requests r JOIN model_versions v ON v.id = r."versionId" JOIN models m ON m.id = v."modelId" JOIN users u ON u.id = r."requesterId"
       WHERE r.status = 'PENDING')::text AS requests,
      (SELECT coalesce(json_agg(json_build_object(
          'id', h.id, 'modelId', h."modelId", 'modelSlug', m.slug, 'modelTitle', m.title, 'direction', h.direction,
          'toUserId', h."toUserId", 'toName', tu.name, 'fromName', fu.name, 'proposedAt', h."proposedAt"
        ) ORDER BY h."proposedAt", h.id), '[]'::json)
       FROM handoffs h JOIN models m ON m.id = h."modelId" JOIN users tu ON tu.id = h."toUserId" JOIN users fu ON fu.id = h."fromUserId"
       WHERE h.status = 'PROPOSED')::text AS handoffs`;
  return {
    requests: JSON.parse(row!.requests) as TPendingRequestRow[],
    handoffs: JSON.parse(row!.handoffs) as TProposedHandoffRow[],
  };
}
