import type { TFilterEntity } from "./filter";
import { MlflowInputError } from "./input-error";

export type TOrderTerm = { entity: TFilterEntity; key: string; ascending: boolean };

export type TOrderSpec = {
  /** Accepted attribute keys → the canonical key (MLflow takes `timestamp` for `last_updated_timestamp`). */
  attributes: Record<string, string>;
  /** Entity prefixes allowed in order_by (runs order by metrics.x, params.x, tags.x). */
  entities?: readonly Exclude<TFilterEntity, "attribute">[];
  /** Terms appended when absent, so pages never reshuffle between requests. */
  tieBreakers: readonly TOrderTerm[];
  /** Used when the request sends no order_by at all. */
  defaults: readonly TOrderTerm[];
};

const ENTITY: Record<string, TFilterEntity> = {
  attribute: "attribute",
  attributes: "attribute",
  attr: "attribute",
  tag: "tag",
  tags: "tag",
  metric: "metric",
  metrics: "metric",
  param: "param",
  params: "param",
};

const asc = (key: string): TOrderTerm => ({ entity: "attribute", key, ascending: true });
const desc = (key: string): TOrderTerm => ({ entity: "attribute", key, ascending: false });

export const ORDER_SPECS = {
  registeredModels: {
    attributes: { name: "name", timestamp: "last_updated_timestamp", last_updated_timestamp: "last_updated_timestamp" },
    tieBreakers: [asc("name")],
    defaults: [asc("name")],
  },
  modelVersions: {
    attributes: {
      name: "name",
      version_number: "version_number",
      creation_timestamp: "creation_timestamp",
      last_updated_timestamp: "last_updated_timestamp",
      timestamp: "last_updated_timestamp",
    },
    tieBreakers: [asc("name"), desc("version_number")],
    defaults: [desc("last_updated_timestamp"), asc("name"), desc("version_number")],
  },
  experiments: {
    attributes: {
      name: "name",
      experiment_id: "experiment_id",
      creation_time: "creation_time",
      last_update_time: "last_update_time",
    },
    tieBreakers: [asc("experiment_id")],
    defaults: [desc("creation_time"), asc("experiment_id")],
  },
  runs: {
    attributes: {
      start_time: "start_time",
      end_time: "end_time",
      run_name: "run_name",
      status: "status",
      run_id: "run_id",
      created: "start_time",
      Created: "start_time",
    },
    entities: ["metric", "param", "tag"],
    tieBreakers: [desc("start_time"), asc("run_id")],
    defaults: [desc("start_time"), asc("run_id")],
  },
} as const satisfies Record<string, TOrderSpec>;

/** One order_by element: `key`, `key ASC`, `key DESC`, with optional entity prefix and backticks. */
function parseTerm(raw: string, spec: TOrderSpec): TOrderTerm {
  const m = /^\s*((?:[A-Za-z_]+\.)?(?:`[^`]+`|"[^"]+"|[\w.:/-]+))\s*(ASC|DESC)?\s*$/i.exec(raw);
  if (!m) throw new MlflowInputError(`Invalid order_by clause '${raw}'. Could not be parsed.`);
  const ascending = (m[2] ?? "ASC").toUpperCase() === "ASC";
  let token = m[1]!;
  let entity: TFilterEntity = "attribute";
  const dot = token.indexOf(".");
  if (dot > 0 && ENTITY[token.slice(0, dot).toLowerCase()]) {
    entity = ENTITY[token.slice(0, dot).toLowerCase()]!;
    token = token.slice(dot + 1);
  }
  const key = token.replace(/^[`"]|[`"]$/g, "");
  if (entity === "attribute") {
    const canonical = spec.attributes[key];
    if (!canonical)
      throw new MlflowInputError(
        `Invalid order by key '${key}' specified. Valid keys are '{${Object.keys(spec.attributes)
          .map((k) => `'${k}'`)
          .join(", ")}}'`,
      );
    return { entity, key: canonical, ascending };
  }
  if (!spec.entities?.includes(entity))
    throw new MlflowInputError(
      `Invalid order by key '${m[1]}' specified: ordering by ${entity}s is not supported here.`,
    );
  if (!key) throw new MlflowInputError(`Invalid order_by clause '${raw}'. Could not be parsed.`);
  return { entity, key, ascending };
}

/** The full ordering for a search: the requested terms (deduplicated) plus the tie-breakers. */
export function parseOrderBy(raw: readonly string[] | undefined, spec: TOrderSpec): TOrderTerm[] {
  const requested = (raw ?? []).filter((r) => r.trim() !== "");
  if (requested.length === 0) return [...spec.defaults];
  const terms: TOrderTerm[] = [];
  const seen = new Set<string>();
  for (const r of requested) {
    const t = parseTerm(r, spec);
    const id = `${t.entity}:${t.key}`;
    if (seen.has(id)) throw new MlflowInputError(`\`order_by\` contains duplicate fields: ${requested.join(", ")}`);
    seen.add(id);
    terms.push(t);
  }
  for (const t of spec.tieBreakers) if (!seen.has(`${t.entity}:${t.key}`)) terms.push(t);
  return terms;
}
