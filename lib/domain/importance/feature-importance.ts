/**
 * Global feature importance of a version (issue 19): validation against the version's feature schema,
 * normalisation, ranks, the comparison with the production champion and its plain-words summary. Pure.
 *
 * Conventions (docs/ARCHITECTURE.md, "Feature importance (issue 19)"):
 * - Methods: `shap_mean_abs` (mean |SHAP value|) and `gain` (total loss reduction of the splits on a feature)
 *   cannot be negative by definition, so a negative value is an error. `permutation` (loss with the feature
 *   shuffled − loss without) CAN be negative — shuffling a useless feature sometimes helps by chance — and
 *   `other` (a method we know nothing about) may be too. Every value must be a finite number.
 * - Normalisation: share = max(value, 0) / Σ max(value, 0). A negative permutation importance means "no better
 *   than noise", which is worth nothing, not less than nothing; when every value is ≤ 0 all shares are 0.
 * - Ranks: by value, highest first; ties by feature name (code-point order), so a rank never depends on the
 *   order the client sent the features in. Rank 1 is the most important.
 */

export const IMPORTANCE_METHODS = ["shap_mean_abs", "permutation", "gain", "other"] as const;
export type TImportanceMethod = (typeof IMPORTANCE_METHODS)[number];

/** Methods whose values are non-negative by definition. */
export const NON_NEGATIVE_METHODS: readonly TImportanceMethod[] = ["shap_mean_abs", "gain"];

export const METHOD_LABELS: Record<TImportanceMethod, string> = {
  shap_mean_abs: "mean |SHAP|",
  permutation: "permutation",
  gain: "gain",
  other: "other",
};

export const MAX_SEGMENTS = 50;
const SEGMENT_NAME_RE = /^[A-Za-z0-9_.:/ -]{1,100}$/;

/** Validated importances: one finite value per schema feature, per segment too. */
export type TFeatureImportance = {
  method: TImportanceMethod;
  values: Record<string, number>;
  segments: Record<string, Record<string, number>>;
};

export type TImportanceIssue = { path: string; message: string };
export type TImportanceCheck = { ok: true; importance: TFeatureImportance } | { ok: false; errors: TImportanceIssue[] };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/**
 * Checks a payload `{ method, values, segments? }` against the feature names of the version's schema. Every
 * problem is reported with its field path (`values.income`, `segments.young.region`), so one 422 names all of
 * them: unknown features, missing features, non-numbers, NaN/±Infinity, negatives where the method forbids
 * them. `raw` is `unknown` because the MLflow tag path hands over whatever JSON the client wrote.
 */
export function validateImportance(raw: unknown, featureNames: readonly string[]): TImportanceCheck {
  const errors: TImportanceIssue[] = [];
  if (!isObject(raw))
    return { ok: false, errors: [{ path: "", message: "Send an object: { method, values, segments? }." }] };
  for (const key of Object.keys(raw)) {
    if (key !== "method" && key !== "values" && key !== "segments")
      errors.push({ path: key, message: `Unknown field "${key}"; expected method, values and optionally segments.` });
  }
  const method = raw.method as TImportanceMethod;
  if (!IMPORTANCE_METHODS.includes(method))
    errors.push({ path: "method", message: `Choose one of ${IMPORTANCE_METHODS.join(", ")}.` });
  if (featureNames.length === 0) {
    errors.push({
      path: "values",
      message:
        "The version declares no feature schema, so importances cannot be checked against it; register the version with its features.",
    });
    return { ok: false, errors };
  }
  const nonNegative = NON_NEGATIVE_METHODS.includes(method);
  const values = checkValues(raw.values, "values", featureNames, nonNegative, method, errors);
  const segments: Record<string, Record<string, number>> = {};
  if (raw.segments !== undefined && raw.segments !== null) {
    if (!isObject(raw.segments))
      errors.push({ path: "segments", message: "Segments are an object: { <segment name>: { <feature>: value } }." });
    else {
      const names = Object.keys(raw.segments);
      if (names.length > MAX_SEGMENTS) errors.push({ path: "segments", message: `At most ${MAX_SEGMENTS} segments.` });
      for (const name of names.slice(0, MAX_SEGMENTS)) {
        if (!SEGMENT_NAME_RE.test(name))
          errors.push({
            path: `segments.${name}`,
            message: "Segment names are 1–100 letters, digits, spaces or _ . : / -.",
          });
        const v = checkValues(raw.segments[name], `segments.${name}`, featureNames, nonNegative, method, errors);
        if (v) segments[name] = v;
      }
    }
  }
  if (errors.length || !values) return { ok: false, errors };
  return { ok: true, importance: { method, values, segments } };
}

function checkValues(
  raw: unknown,
  path: string,
  featureNames: readonly string[],
  nonNegative: boolean,
  method: string,
  errors: TImportanceIssue[],
): Record<string, number> | null {
  if (!isObject(raw)) {
    errors.push({ path, message: "One value per feature of the schema: { <feature>: number }." });
    return null;
  }
  const known = new Set(featureNames);
  const out: Record<string, number> = {};
  const before = errors.length;
  for (const [feature, v] of Object.entries(raw)) {
    const at = `${path}.${feature}`;
    if (!known.has(feature))
      errors.push({ path: at, message: `"${feature}" is not a feature of the version's schema.` });
    else if (typeof v !== "number" || !Number.isFinite(v))
      errors.push({ path: at, message: `A finite number (got ${describeValue(v)}).` });
    else if (nonNegative && v < 0)
      errors.push({
        path: at,
        message: `${method} importances cannot be negative (got ${v}); only permutation and other may be.`,
      });
    else out[feature] = v;
  }
  for (const f of featureNames)
    if (!(f in raw))
      errors.push({
        path: `${path}.${f}`,
        message: `Missing: every feature of the schema needs a value (0 when the model does not use it).`,
      });
  return errors.length === before ? out : null;
}

function describeValue(v: unknown): string {
  if (typeof v === "number") return String(v); // NaN, Infinity, -Infinity
  if (v === null) return "null";
  if (typeof v === "string") return `the text "${v.slice(0, 40)}"`;
  return typeof v;
}

/**
 * JSON.parse that also accepts the bare `NaN`, `Infinity` and `-Infinity` Python's json module writes by default,
 * so a tag logged from a notebook gets a 422 naming the feature instead of "invalid JSON". Tokens inside strings
 * are left alone. Returns undefined when the text is not JSON even then.
 */
export function parseImportanceJson(text: string): unknown {
  const SENTINEL = "\u0000mg-nonfinite:";
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i] ?? "";
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    const token = ["-Infinity", "Infinity", "NaN"].find((t) => text.startsWith(t, i));
    if (token) {
      out += JSON.stringify(SENTINEL + token);
      i += token.length - 1;
      continue;
    }
    out += c;
  }
  try {
    return JSON.parse(out, (_k, v: unknown) =>
      typeof v === "string" && v.startsWith(SENTINEL) ? Number(v.slice(SENTINEL.length)) : v,
    );
  } catch {
    return undefined;
  }
}

// ───────── ranks and shares ─────────

export type TRankedFeature = { feature: string; value: number; share: number; rank: number };

/** Features by importance, highest first, with their share of the total (see the conventions above). */
export function rankImportance(values: Record<string, number>): TRankedFeature[] {
  const entries = Object.entries(values).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const total = entries.reduce((s, [, v]) => s + Math.max(v, 0), 0);
  return entries.map(([feature, value], i) => ({
    feature,
    value,
    share: total > 0 ? Math.max(value, 0) / total : 0,
    rank: i + 1,
  }));
}

/** Share of the total importance held by the `n` most important features (0 when nothing is positive). */
export function topShare(ranked: readonly TRankedFeature[], n = 3): number {
  return ranked.slice(0, n).reduce((s, r) => s + r.share, 0);
}

export type TRankChange = {
  feature: string;
  rank: number;
  share: number;
  /** null when the champion has no value for the feature (a feature new in this version). */
  championRank: number | null;
  championShare: number | null;
  /** championRank − rank: positive = moved up, negative = dropped; null for a new feature. */
  rankDelta: number | null;
  /** share / championShare; null when the champion's share is 0 or absent. */
  shareRatio: number | null;
};

/** Every feature of the challenger with its rank and share next to the champion's. */
export function compareImportance(challenger: Record<string, number>, champion: Record<string, number>): TRankChange[] {
  const champ = new Map(rankImportance(champion).map((r) => [r.feature, r]));
  return rankImportance(challenger).map((r) => {
    const c = champ.get(r.feature);
    return {
      feature: r.feature,
      rank: r.rank,
      share: r.share,
      championRank: c?.rank ?? null,
      championShare: c?.share ?? null,
      rankDelta: c ? c.rank - r.rank : null,
      shareRatio: c && c.share > 0 ? r.share / c.share : null,
    };
  });
}

/** Features the champion ranked that this version does not have (its schema dropped them). */
export function droppedFeatures(
  challenger: Record<string, number>,
  champion: Record<string, number>,
): TRankedFeature[] {
  return rankImportance(champion).filter((r) => !(r.feature in challenger));
}

export function ordinal(n: number): string {
  const s =
    n % 100 >= 11 && n % 100 <= 13 ? "th" : n % 10 === 1 ? "st" : n % 10 === 2 ? "nd" : n % 10 === 3 ? "rd" : "th";
  return `${n}${s}`;
}

/** Only changes a reviewer would act on make the summary: a share at least 1.5× (or at most 1/1.5) the champion's, a move of 2 ranks or more. */
export const NOTABLE_RATIO = 1.5;
export const NOTABLE_RANK_MOVE = 2;
const SUMMARY_DEPTH = 5;

function times(r: number): string {
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}×`;
}

/**
 * The comparison in one or two sentences a reviewer reads without the chart: "v5 relies on income 2.1× more
 * than v4; region dropped from 3rd to 9th." At most three clauses, most telling first: the largest share
 * increase among this version's top 5, the largest rank drop of a champion's top-5 feature, the largest share
 * decrease among the champion's top 5, the largest rise into the top 5, a feature new in the top 5; one clause
 * per feature. Says so plainly when nothing notable changed.
 */
export function summarizeImportanceChange(o: {
  version: number;
  championVersion: number;
  challenger: Record<string, number>;
  champion: Record<string, number>;
}): string {
  const v = `v${o.version}`;
  const c = `v${o.championVersion}`;
  const rows = compareImportance(o.challenger, o.champion);
  const clauses: string[] = [];
  const used = new Set<string>();
  const add = (feature: string, text: string) => {
    if (used.has(feature) || clauses.length >= 3) return;
    used.add(feature);
    clauses.push(text);
  };
  const top = rows.filter((r) => r.rank <= SUMMARY_DEPTH && r.share > 0);
  const more = top
    .filter((r) => r.shareRatio !== null && r.shareRatio >= NOTABLE_RATIO)
    .sort((a, b) => b.shareRatio! - a.shareRatio!)[0];
  if (more) add(more.feature, `${v} relies on ${more.feature} ${times(more.shareRatio!)} more than ${c}`);
  const drop = rows
    .filter((r) => r.rankDelta !== null && r.rankDelta <= -NOTABLE_RANK_MOVE && r.championRank! <= SUMMARY_DEPTH)
    .sort((a, b) => a.rankDelta! - b.rankDelta!)[0];
  if (drop) add(drop.feature, `${drop.feature} dropped from ${ordinal(drop.championRank!)} to ${ordinal(drop.rank)}`);
  const less = rows
    .filter(
      (r) =>
        r.championRank !== null &&
        r.championRank <= SUMMARY_DEPTH &&
        (r.championShare ?? 0) > 0 &&
        (r.share === 0 || (r.shareRatio !== null && r.shareRatio <= 1 / NOTABLE_RATIO)),
    )
    .sort((a, b) => (a.shareRatio ?? 0) - (b.shareRatio ?? 0))[0];
  if (less)
    add(
      less.feature,
      less.share === 0
        ? `${v} no longer uses ${less.feature} (${ordinal(less.championRank!)} for ${c})`
        : `${v} relies on ${less.feature} ${times(1 / less.shareRatio!)} less than ${c}`,
    );
  const rise = rows
    .filter((r) => r.rankDelta !== null && r.rankDelta >= NOTABLE_RANK_MOVE && r.rank <= SUMMARY_DEPTH)
    .sort((a, b) => b.rankDelta! - a.rankDelta!)[0];
  if (rise) add(rise.feature, `${rise.feature} rose from ${ordinal(rise.championRank!)} to ${ordinal(rise.rank)}`);
  const fresh = top.find((r) => r.championRank === null);
  if (fresh) add(fresh.feature, `${fresh.feature} is new and ranks ${ordinal(fresh.rank)}`);
  if (!clauses.length) {
    const names = rows.slice(0, 3).map((r) => r.feature);
    return `${v} relies on its features much as ${c} does (top 3: ${names.join(", ")}); no share moved ${times(NOTABLE_RATIO)} and no top-${SUMMARY_DEPTH} feature moved ${NOTABLE_RANK_MOVE} ranks.`;
  }
  return `${clauses.join("; ")}.`;
}
