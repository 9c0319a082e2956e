import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Db, Tx } from "@/lib/db/client";
import type { TFilterClause } from "@/lib/domain/mlflow/filter";
import type { TOrderTerm } from "@/lib/domain/mlflow/order-by";
import type { TKeyValue, TRegisteredModelFacts, TVersionFacts } from "@/lib/domain/mlflow/proto-json";
import { latestVersionsPerStage, liveVersionNumber } from "@/lib/domain/mlflow/latest-versions";
import { MLFLOW_STAGE_OF, type TMlflowStage } from "@/lib/domain/mlflow/stages";
import type { TStage } from "@/lib/domain/lifecycle/stages";
import { compareSql } from "./compare-sql";
import { productionAlias } from "./config";
import { bigintParam, epochMsParam, keysetOrderOf, textParam, type TSortKey } from "./keyset-sql";

/**
 * The SQL behind MLflow's registry reads, each ONE statement whatever the page size: a version or a page
 * of versions (tags and aliases aggregated per row), a page of registered models with their latest
 * versions, tags and aliases.
 */

/** A model's MLflow name; the expression (and collation) of the partial unique index models_mlflow_name_live_key. */
export const NAME_SQL = Prisma.sql`(COALESCE(m."mlflowName", m.slug) COLLATE "C")`;

/** Modelgate stage → MLflow stage, generated from the one mapping in lib/domain/mlflow/stages.ts. */
export const MLFLOW_STAGE_SQL = Prisma.raw(
  `(CASE v.stage::text ${Object.entries(MLFLOW_STAGE_OF)
    .map(([s, m]) => `WHEN '${s}' THEN '${m}'`)
    .join(" ")} END)`,
);

// Epoch milliseconds as float8. date_part returns float8 directly; extract() returns numeric since PostgreSQL 14,
// whose arithmetic cost ~2 ms per search page of 100 models × 5 versions (bench/mlflow.bench.ts). Exact: timestamps
// have millisecond precision and the float error before rounding is ~1e-4 ms.
const ms = (col: Prisma.Sql) => Prisma.sql`round(date_part('epoch', ${col}) * 1000)`;

/** Model rows MLflow can see: archived models are deleted registered models. */
export const LIVE_MODEL = Prisma.sql`m."archivedAt" IS NULL`;
export const LIVE_VERSION = Prisma.sql`v."mlflowDeletedAt" IS NULL`;

type TVersionRow = {
  id: string;
  modelId: string;
  name: string;
  number: number;
  createdAt: number;
  updatedAt: number;
  userId: string | null;
  stage: TStage;
  description: string;
  source: string;
  runId: string | null;
  runLink: string;
  tags: unknown;
  aliases: unknown;
  isLive: boolean;
};

export type TLoadedVersion = TVersionFacts & { id: string; modelId: string };

/** json / json_agg columns come back parsed or as text depending on the driver adapter. */
function asJson<T>(v: unknown, fallback: T): T {
  if (v === null || v === undefined) return fallback;
  return (typeof v === "string" ? JSON.parse(v) : v) as T;
}

/** The columns of one version with its tags, stored aliases and whether it is the live (champion) version. */
function versionColumns(): Prisma.Sql {
  return Prisma.sql`
    v.id, v."modelId", ${NAME_SQL} AS name, v.number, ${ms(Prisma.sql`v."createdAt"`)} AS "createdAt", ${ms(Prisma.sql`v."updatedAt"`)} AS "updatedAt",
    u.email AS "userId", v.stage::text AS stage, v.description, v."artifactUri" AS source, v."runId", v."runLink",
    (SELECT json_agg(json_build_object('key', t.key, 'value', t.value) ORDER BY t.key) FROM mlflow_version_tags t WHERE t."versionId" = v.id) AS tags,
    (SELECT json_agg(a.alias ORDER BY a.alias) FROM model_aliases a WHERE a."versionId" = v.id AND a.alias <> ${productionAlias()}) AS aliases,
    (v.stage = 'MONITORING' AND NOT EXISTS (
      SELECT 1 FROM model_versions w WHERE w."modelId" = v."modelId" AND w.stage = 'MONITORING' AND w.number > v.number AND w."mlflowDeletedAt" IS NULL)) AS "isLive"`;
}

function toVersion(r: TVersionRow): TLoadedVersion {
  const stored = asJson<string[]>(r.aliases, []);
  const aliases = r.isLive ? [...stored, productionAlias()].sort() : stored;
  return {
    id: r.id,
    modelId: r.modelId,
    name: r.name,
    number: Number(r.number),
    createdAt: Number(r.createdAt),
    updatedAt: Number(r.updatedAt),
    userId: r.userId,
    stage: r.stage,
    description: r.description,
    source: r.source,
    runId: r.runId,
    runLink: r.runLink,
    tags: asJson<TKeyValue[]>(r.tags, []),
    aliases,
  };
}

/** Versions of live models, not deleted through MLflow, matching `where`, in `order`, one statement. */
export async function loadVersions(
  db: Db | Tx,
  o: { where: Prisma.Sql; order?: Prisma.Sql; limit?: number; offset?: number },
): Promise<TLoadedVersion[]> {
  const rows = await db.$queryRaw<TVersionRow[]>`
    SELECT ${versionColumns()}
    FROM model_versions v JOIN models m ON m.id = v."modelId" LEFT JOIN users u ON u.id = v."createdById"
    WHERE ${LIVE_MODEL} AND ${LIVE_VERSION} AND ${o.where}
    ORDER BY ${o.order ?? Prisma.sql`v.number`}
    LIMIT ${o.limit ?? 1_000_000} OFFSET ${o.offset ?? 0}`;
  return rows.map(toVersion);
}

/**
 * One page of a version search: the page is cut first on the sort keys alone (index range, keyset or offset), and
 * only its rows get their tags, aliases, creator and live flag. Projecting those per row before the cut is what made
 * a late offset page cost as much as every row before it (EXPLAIN: 5,000 subplan runs for a page of 100).
 */
export async function loadVersionPage(
  db: Db | Tx,
  o: { where: Prisma.Sql; order: Prisma.Sql; limit: number; offset?: number },
): Promise<TLoadedVersion[]> {
  const rows = await db.$queryRaw<TVersionRow[]>`
    SELECT ${versionColumns()}
    FROM (
      SELECT v.id FROM model_versions v JOIN models m ON m.id = v."modelId"
      WHERE ${LIVE_MODEL} AND ${LIVE_VERSION} AND ${o.where}
      ORDER BY ${o.order} LIMIT ${o.limit} OFFSET ${o.offset ?? 0}
    ) p
    JOIN model_versions v ON v.id = p.id JOIN models m ON m.id = v."modelId" LEFT JOIN users u ON u.id = v."createdById"
    ORDER BY ${o.order}`;
  return rows.map(toVersion);
}

/**
 * The newest version in each MLflow stage of each model, in one statement. Per model they come in
 * MLflow's order: stages in the order their first (lowest-numbered) version appeared.
 */
export async function loadLatestVersions(
  db: Db | Tx,
  modelIds: string[],
  stages?: readonly TMlflowStage[],
): Promise<Map<string, TLoadedVersion[]>> {
  const out = new Map<string, TLoadedVersion[]>();
  if (modelIds.length === 0) return out;
  const stageFilter = stages ? Prisma.sql`AND ${MLFLOW_STAGE_SQL} = ANY(${[...stages]}::text[])` : Prisma.empty;
  const rows = await db.$queryRaw<TVersionRow[]>`
    WITH latest AS (
      SELECT DISTINCT ON (v."modelId", ${MLFLOW_STAGE_SQL}) v.id, min(v.number) OVER (PARTITION BY v."modelId", ${MLFLOW_STAGE_SQL}) AS first_number
      FROM model_versions v
      WHERE v."modelId" = ANY(${modelIds}::text[]) AND ${LIVE_VERSION} ${stageFilter}
      ORDER BY v."modelId", ${MLFLOW_STAGE_SQL}, v.number DESC)
    SELECT ${versionColumns()}
    FROM latest l JOIN model_versions v ON v.id = l.id JOIN models m ON m.id = v."modelId" LEFT JOIN users u ON u.id = v."createdById"
    ORDER BY v."modelId", l.first_number`;
  for (const r of rows) {
    const list = out.get(r.modelId) ?? [];
    list.push(toVersion(r));
    out.set(r.modelId, list);
  }
  return out;
}

type TPageRow = { id: string; name: string; description: string; createdAt: number; updatedAt: number };
type TPageVersionRow = {
  id: string;
  modelId: string;
  number: number;
  stage: TStage;
  createdAt: number;
  updatedAt: number;
  createdById: string | null;
  description: string;
  source: string;
  runId: string | null;
  runLink: string;
};
type TExtraRow = { kind: "model_tag" | "version_tag" | "alias" | "user"; owner: string; a: string; b: string };
type TPageTuple = [string, string, string, number, number];
type TVersionTuple = [
  string,
  string,
  number,
  TStage,
  number,
  number,
  string | null,
  string,
  string,
  string | null,
  string,
];
type TExtraTuple = [TExtraRow["kind"], string, string, string];

export type TLoadedModel = TRegisteredModelFacts & { id: string };

/**
 * A page of live models with their tags, aliases and latest version per MLflow stage, in ONE statement
 * for any page size. Everything in it is set-based — the page, then the versions of the page's models (read once,
 * materialized) and their tags, aliases and creators by `= ANY(<page ids | version ids>)` index lookups — because per-row subplans cost
 * PostgreSQL more than all the rest; and it answers three JSON texts (page, versions, extras) rather than
 * rows, because decoding a thousand rows through Prisma's adapter costs more than one JSON.parse. The
 * latest-per-stage choice and the production alias are computed here (lib/domain/mlflow/latest-versions.ts).
 */
export async function loadRegisteredModels(
  db: Db | Tx,
  o: { where: Prisma.Sql; order?: Prisma.Sql; limit?: number; offset?: number },
): Promise<TLoadedModel[]> {
  const order = o.order ?? NAME_SQL;
  const prod = productionAlias();
  const [row] = await db.$queryRaw<{ page: string | null; versions: string | null; extras: string | null }[]>`
    WITH page AS MATERIALIZED (
      SELECT m.id, ${NAME_SQL} AS name, m.description, ${ms(Prisma.sql`m."createdAt"`)} AS "createdAt", ${ms(Prisma.sql`m."updatedAt"`)} AS "updatedAt",
        row_number() OVER (ORDER BY ${order}) AS ord
      FROM models m WHERE ${LIVE_MODEL} AND ${o.where}
      ORDER BY ${order} LIMIT ${o.limit ?? 1_000_000} OFFSET ${o.offset ?? 0}
    ), ids AS MATERIALIZED (SELECT coalesce(array_agg(id), '{}') AS a FROM page),
    vers AS MATERIALIZED (
      SELECT v.id, v."modelId", v.number, v.stage, v."createdAt", v."updatedAt", v."createdById", v.description, v."artifactUri", v."runId", v."runLink"
      FROM model_versions v WHERE v."modelId" = ANY((SELECT a FROM ids)::text[]) AND ${LIVE_VERSION}
    ), vids AS MATERIALIZED (SELECT coalesce(array_agg(id), '{}') AS a FROM vers)
    SELECT
      (SELECT json_agg(json_build_array(p.id, p.name, p.description, p."createdAt", p."updatedAt") ORDER BY p.ord) FROM page p)::text AS page,
      (SELECT json_agg(json_build_array(v.id, v."modelId", v.number, v.stage, ${ms(Prisma.sql`v."createdAt"`)}, ${ms(Prisma.sql`v."updatedAt"`)},
          v."createdById", v.description, v."artifactUri", v."runId", v."runLink"))
       FROM vers v)::text AS versions,
      (SELECT json_agg(json_build_array(x.kind, x.owner, x.a, x.b)) FROM (
         SELECT 'model_tag' AS kind, t."modelId" AS owner, t.key AS a, t.value AS b FROM mlflow_model_tags t WHERE t."modelId" = ANY((SELECT a FROM ids)::text[])
         UNION ALL
         SELECT 'version_tag', t."versionId", t.key, t.value FROM mlflow_version_tags t WHERE t."versionId" = ANY((SELECT a FROM vids)::text[])
         UNION ALL
         SELECT 'alias', a."versionId", a.alias, a."modelId" FROM model_aliases a WHERE a."modelId" = ANY((SELECT a FROM ids)::text[]) AND a.alias <> ${prod}
         UNION ALL
         SELECT 'user', u.id, u.email, '' FROM users u WHERE u.id IN (SELECT v."createdById" FROM vers v)) x)::text AS extras`;
  // Positional JSON arrays: PostgreSQL builds them markedly faster than objects with keys.
  const page = (JSON.parse(row?.page ?? "[]") as TPageTuple[]).map(
    ([id, name, description, createdAt, updatedAt]): TPageRow => ({ id, name, description, createdAt, updatedAt }),
  );
  const versions = (JSON.parse(row?.versions ?? "[]") as TVersionTuple[]).map(
    ([
      id,
      modelId,
      number,
      stage,
      createdAt,
      updatedAt,
      createdById,
      description,
      source,
      runId,
      runLink,
    ]): TPageVersionRow => ({
      id,
      modelId,
      number,
      stage,
      createdAt,
      updatedAt,
      createdById,
      description,
      source,
      runId,
      runLink,
    }),
  );
  const extras = (JSON.parse(row?.extras ?? "[]") as TExtraTuple[]).map(([kind, owner, a, b]): TExtraRow => ({
    kind,
    owner,
    a,
    b,
  }));
  const group = <V>(rows: V[], key: (r: V) => string) => {
    const out = new Map<string, V[]>();
    for (const r of rows) {
      const list = out.get(key(r));
      if (list) list.push(r);
      else out.set(key(r), [r]);
    }
    return out;
  };
  const modelTags = group(
    extras.filter((e) => e.kind === "model_tag"),
    (e) => e.owner,
  );
  const versionTags = group(
    extras.filter((e) => e.kind === "version_tag"),
    (e) => e.owner,
  );
  const aliasesByVersion = group(
    extras.filter((e) => e.kind === "alias"),
    (e) => e.owner,
  );
  const aliasesByModel = group(
    extras.filter((e) => e.kind === "alias"),
    (e) => e.b,
  );
  const emails = new Map(extras.filter((e) => e.kind === "user").map((e) => [e.owner, e.a]));
  const numberOf = new Map(versions.map((v) => [v.id, Number(v.number)]));
  const byModel = group(versions, (v) => v.modelId);
  const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const byAlias = (a: { alias: string }, b: { alias: string }) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0);

  return page.map((m) => {
    const own = byModel.get(m.id) ?? [];
    const live = liveVersionNumber(own);
    // An alias on a version deleted through MLflow has been removed with it; the filter is a safety net.
    const aliases = (aliasesByModel.get(m.id) ?? []).flatMap((e) =>
      numberOf.has(e.owner) ? [{ alias: e.a, version: numberOf.get(e.owner)! }] : [],
    );
    if (live !== null) aliases.push({ alias: prod, version: live });
    const latestVersions = latestVersionsPerStage(own).map((v) => {
      const stored = (aliasesByVersion.get(v.id) ?? []).map((e) => e.a);
      return {
        id: v.id,
        modelId: m.id,
        name: m.name,
        number: v.number,
        createdAt: Number(v.createdAt),
        updatedAt: Number(v.updatedAt),
        userId: v.createdById ? (emails.get(v.createdById) ?? null) : null,
        stage: v.stage,
        description: v.description,
        source: v.source,
        runId: v.runId,
        runLink: v.runLink,
        tags: (versionTags.get(v.id) ?? []).map((e) => ({ key: e.a, value: e.b })).sort(byKey),
        aliases: (v.number === live ? [...stored, prod] : stored).sort(),
      };
    });
    return {
      id: m.id,
      name: m.name,
      description: m.description,
      createdAt: Number(m.createdAt),
      updatedAt: Number(m.updatedAt),
      tags: (modelTags.get(m.id) ?? []).map((e) => ({ key: e.a, value: e.b })).sort(byKey),
      aliases: aliases.sort(byAlias),
      latestVersions,
    };
  });
}

// ───────── filters and orderings ─────────

function tagExists(
  table: "mlflow_model_tags" | "mlflow_version_tags",
  owner: Prisma.Sql,
  c: TFilterClause,
): Prisma.Sql {
  const fk = table === "mlflow_model_tags" ? Prisma.raw(`t."modelId"`) : Prisma.raw(`t."versionId"`);
  return Prisma.sql`EXISTS (SELECT 1 FROM ${Prisma.raw(table)} t WHERE ${fk} = ${owner} AND t.key = ${c.key} AND ${compareSql(Prisma.sql`t.value`, c)})`;
}

const and = (parts: Prisma.Sql[]) => (parts.length ? Prisma.join(parts, " AND ") : Prisma.sql`TRUE`);

/** registered-models/search clauses (already checked against FILTER_SPECS.registeredModels). */
export function modelFilterSql(clauses: TFilterClause[]): Prisma.Sql {
  return and(
    clauses.map((c) =>
      c.entity === "tag" ? tagExists("mlflow_model_tags", Prisma.sql`m.id`, c) : compareSql(NAME_SQL, c),
    ),
  );
}

const VERSION_COLUMNS: Record<string, Prisma.Sql> = {
  name: NAME_SQL,
  version_number: Prisma.sql`v.number`,
  run_id: Prisma.sql`COALESCE(v."runId", '')`,
  source_path: Prisma.sql`v."artifactUri"`,
};

/** model-versions/search clauses (already checked against FILTER_SPECS.modelVersions). */
export function versionFilterSql(clauses: TFilterClause[]): Prisma.Sql {
  return and(
    clauses.map((c) =>
      c.entity === "tag"
        ? tagExists("mlflow_version_tags", Prisma.sql`v.id`, c)
        : compareSql(VERSION_COLUMNS[c.key]!, c),
    ),
  );
}

/**
 * The sort keys of model-versions/search. Each leads an index — name: models_mlflow_name_live_key, then the
 * versions of each model; creation / last update: model_versions createdAt / updatedAt — except version_number,
 * whose rows of one number are ordered by the model's name, which no index of model_versions holds (see
 * docs/ARCHITECTURE.md, issue 13). Together with the tie-breakers (name ASC, version_number DESC) every ordering
 * is total, which keyset pages need.
 */
const VERSION_SORT_KEYS: Record<string, TSortKey<TLoadedVersion>> = {
  name: { column: NAME_SQL, kind: "text", param: textParam, valueOf: (v) => v.name },
  version_number: { column: Prisma.sql`v.number`, kind: "integer", param: bigintParam, valueOf: (v) => v.number },
  creation_timestamp: {
    column: Prisma.sql`v."createdAt"`,
    kind: "integer",
    param: epochMsParam,
    valueOf: (v) => v.createdAt,
  },
  last_updated_timestamp: {
    column: Prisma.sql`v."updatedAt"`,
    kind: "integer",
    param: epochMsParam,
    valueOf: (v) => v.updatedAt,
  },
};

export const versionKeysetOrder = (terms: TOrderTerm[]) => keysetOrderOf(terms, (t) => VERSION_SORT_KEYS[t.key]!);

/**
 * The sort keys of registered-models/search: the name (models_mlflow_name_live_key) and the last update
 * (models_mlflow_updated_live_idx, on ("updatedAt", name) of live models; migration 20261202020000_keyset_indexes).
 */
const MODEL_SORT_KEYS: Record<string, TSortKey<TLoadedModel>> = {
  name: { column: NAME_SQL, kind: "text", param: textParam, valueOf: (m) => m.name },
  last_updated_timestamp: {
    column: Prisma.sql`m."updatedAt"`,
    kind: "integer",
    param: epochMsParam,
    valueOf: (m) => m.updatedAt,
  },
};

export const modelKeysetOrder = (terms: TOrderTerm[]) => keysetOrderOf(terms, (t) => MODEL_SORT_KEYS[t.key]!);
