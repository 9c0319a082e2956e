import { MlflowInputError } from "./input-error";

/**
 * MLflow's search filter grammar, shared by the four searches (registered models, model versions,
 * experiments, runs): clauses joined by AND, each `key comparator value`.
 *   key        name | attribute(s).name | tags.key | tags.`key with spaces` | metrics.k | params.k
 *   comparator = != <> < <= > >= LIKE ILIKE IN NOT IN (which ones a key accepts depends on the search)
 *   value      'string' | "string" | number | ('a', 'b', …) for IN
 * OR and parentheses around clauses are refused, as by MLflow.
 */
export type TFilterEntity = "attribute" | "tag" | "metric" | "param";
export type TComparator = "=" | "!=" | "<" | "<=" | ">" | ">=" | "LIKE" | "ILIKE" | "IN" | "NOT IN";
export type TFilterValue = string | number | (string | number)[];
export type TFilterClause = { entity: TFilterEntity; key: string; comparator: TComparator; value: TFilterValue };

type TToken =
  | { t: "word"; v: string }
  | { t: "ident"; v: string }
  | { t: "string"; v: string }
  | { t: "number"; v: number; raw: string }
  | { t: "op"; v: string }
  | { t: "punct"; v: "(" | ")" | "," };

const ENTITY_PREFIXES: Record<string, TFilterEntity> = {
  attribute: "attribute",
  attributes: "attribute",
  attr: "attribute",
  run: "attribute",
  tag: "tag",
  tags: "tag",
  metric: "metric",
  metrics: "metric",
  param: "param",
  params: "param",
  parameter: "param",
  parameters: "param",
};

function readQuoted(text: string, start: number, quote: string): { value: string; end: number } {
  let out = "";
  let i = start + 1;
  for (;;) {
    if (i >= text.length) throw new MlflowInputError(`Invalid filter string: unterminated ${quote} quote in '${text}'`);
    const ch = text[i]!;
    if (ch === quote) {
      if (text[i + 1] === quote) {
        out += quote;
        i += 2;
        continue;
      }
      return { value: out, end: i + 1 };
    }
    if (ch === "\\" && i + 1 < text.length) {
      out += text[i + 1];
      i += 2;
      continue;
    }
    out += ch;
    i++;
  }
}

function tokenize(text: string): TToken[] {
  const tokens: TToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "(" || ch === ")" || ch === ",") {
      tokens.push({ t: "punct", v: ch });
      i++;
    } else if (ch === "'" || ch === '"') {
      const q = readQuoted(text, i, ch);
      // `tags."my key"`: a quoted name right after an entity prefix is part of the key, not a value.
      const prev = tokens[tokens.length - 1];
      if (ch === '"' && prev?.t === "word" && prev.v.endsWith(".")) {
        tokens[tokens.length - 1] = { t: "ident", v: prev.v + q.value };
      } else {
        tokens.push({ t: "string", v: q.value });
      }
      i = q.end;
    } else if (ch === "`") {
      const q = readQuoted(text, i, "`");
      const prev = tokens[tokens.length - 1];
      if (prev?.t === "word" && prev.v.endsWith(".")) tokens[tokens.length - 1] = { t: "ident", v: prev.v + q.value };
      else tokens.push({ t: "ident", v: q.value });
      i = q.end;
    } else if ("=!<>".includes(ch)) {
      const two = text.slice(i, i + 2);
      const op = ["!=", "<>", "<=", ">="].includes(two) ? two : ch;
      if (op === "!") throw new MlflowInputError(`Invalid filter string: unexpected '!' in '${text}'`);
      tokens.push({ t: "op", v: op === "<>" ? "!=" : op });
      i += op.length;
    } else {
      const num = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
      if (num && (ch === "-" || /\d|\./.test(ch))) {
        tokens.push({ t: "number", v: Number(num[0]), raw: num[0] });
        i += num[0].length;
        continue;
      }
      const word = /^[A-Za-z_][\w.:/-]*/.exec(text.slice(i));
      if (!word) throw new MlflowInputError(`Invalid filter string: unexpected character '${ch}' in '${text}'`);
      tokens.push({ t: "word", v: word[0] });
      i += word[0].length;
    }
  }
  return tokens;
}

function toKey(token: TToken | undefined, text: string): { entity: TFilterEntity; key: string } {
  if (!token || (token.t !== "word" && token.t !== "ident"))
    throw new MlflowInputError(`Invalid filter string: expected a key in '${text}'`);
  const dot = token.v.indexOf(".");
  if (dot > 0) {
    const entity = ENTITY_PREFIXES[token.v.slice(0, dot).toLowerCase()];
    if (entity) {
      const key = token.v.slice(dot + 1);
      if (!key) throw new MlflowInputError(`Invalid filter string: empty key after '${token.v}' in '${text}'`);
      return { entity, key };
    }
  }
  if (token.t === "word" && token.v.includes(".")) {
    throw new MlflowInputError(
      `Invalid entity type '${token.v.slice(0, dot)}'. Valid values are ['attribute', 'tag', 'metric', 'param']`,
    );
  }
  return { entity: "attribute", key: token.v };
}

function readValue(tokens: TToken[], pos: number, text: string): { value: TFilterValue; next: number } {
  const tok = tokens[pos];
  if (tok?.t === "string") return { value: tok.v, next: pos + 1 };
  if (tok?.t === "number") return { value: tok.v, next: pos + 1 };
  if (tok?.t === "punct" && tok.v === "(") {
    const items: (string | number)[] = [];
    let p = pos + 1;
    for (;;) {
      const item = tokens[p];
      if (item?.t !== "string" && item?.t !== "number")
        throw new MlflowInputError(`Invalid filter string: expected a quoted value in the list of '${text}'`);
      items.push(item.v);
      const sep = tokens[p + 1];
      if (sep?.t === "punct" && sep.v === ",") {
        p += 2;
        continue;
      }
      if (sep?.t === "punct" && sep.v === ")") return { value: items, next: p + 2 };
      throw new MlflowInputError(`Invalid filter string: expected ',' or ')' in '${text}'`);
    }
  }
  throw new MlflowInputError(`Invalid filter string: expected a value (a quoted string or a number) in '${text}'`);
}

/** Parses a filter string into clauses; an empty or blank filter has none. Throws MlflowInputError. */
export function parseFilter(text: string | undefined): TFilterClause[] {
  if (!text || !text.trim()) return [];
  const tokens = tokenize(text);
  const clauses: TFilterClause[] = [];
  let pos = 0;
  for (;;) {
    const { entity, key } = toKey(tokens[pos], text);
    pos++;
    const tok = tokens[pos];
    let comparator: TComparator;
    if (tok?.t === "op") {
      comparator = tok.v as TComparator;
      pos++;
    } else if (tok?.t === "word" && ["LIKE", "ILIKE", "IN"].includes(tok.v.toUpperCase())) {
      comparator = tok.v.toUpperCase() as TComparator;
      pos++;
    } else if (
      tok?.t === "word" &&
      tok.v.toUpperCase() === "NOT" &&
      tokens[pos + 1]?.t === "word" &&
      (tokens[pos + 1] as { v: string }).v.toUpperCase() === "IN"
    ) {
      comparator = "NOT IN";
      pos += 2;
    } else {
      throw new MlflowInputError(`Invalid filter string: expected a comparator after '${key}' in '${text}'`);
    }
    const { value, next } = readValue(tokens, pos, text);
    if ((comparator === "IN" || comparator === "NOT IN") !== Array.isArray(value)) {
      throw new MlflowInputError(
        Array.isArray(value)
          ? `Invalid filter string: a list of values needs IN or NOT IN in '${text}'`
          : `Invalid filter string: ${comparator} needs a list of values such as ('a', 'b') in '${text}'`,
      );
    }
    clauses.push({ entity, key, comparator, value });
    pos = next;
    if (pos >= tokens.length) return clauses;
    const and = tokens[pos];
    if (and?.t === "word" && and.v.toUpperCase() === "AND") {
      pos++;
      continue;
    }
    if (and?.t === "word" && and.v.toUpperCase() === "OR")
      throw new MlflowInputError(`Invalid filter string: OR is not supported, only AND: '${text}'`);
    throw new MlflowInputError(`Invalid clause(s) in filter string: '${text}'`);
  }
}

export type TKeySpec = { comparators: readonly TComparator[]; type: "string" | "number" };
export type TFilterSpec = {
  attributes: Record<string, TKeySpec>;
  tag?: TKeySpec;
  metric?: TKeySpec;
  param?: TKeySpec;
};

const STRING_CMP: readonly TComparator[] = ["=", "!=", "LIKE", "ILIKE"];
const NUMBER_CMP: readonly TComparator[] = ["=", "!=", "<", "<=", ">", ">="];

/** What each search accepts (MLflow 2.11's search_utils, plus IN on version numbers as 3.x). */
export const FILTER_SPECS = {
  registeredModels: {
    attributes: { name: { comparators: STRING_CMP, type: "string" } },
    tag: { comparators: STRING_CMP, type: "string" },
  },
  modelVersions: {
    attributes: {
      name: { comparators: STRING_CMP, type: "string" },
      version_number: { comparators: [...NUMBER_CMP, "IN", "NOT IN"], type: "number" },
      run_id: { comparators: ["=", "!=", "IN", "NOT IN"], type: "string" },
      source_path: { comparators: STRING_CMP, type: "string" },
    },
    tag: { comparators: STRING_CMP, type: "string" },
  },
  experiments: {
    attributes: {
      name: { comparators: STRING_CMP, type: "string" },
      creation_time: { comparators: NUMBER_CMP, type: "number" },
      last_update_time: { comparators: NUMBER_CMP, type: "number" },
    },
    tag: { comparators: STRING_CMP, type: "string" },
  },
  runs: {
    attributes: {
      run_id: { comparators: ["=", "!=", "IN", "NOT IN"], type: "string" },
      run_name: { comparators: STRING_CMP, type: "string" },
      status: { comparators: ["=", "!=", "IN", "NOT IN"], type: "string" },
      user_id: { comparators: STRING_CMP, type: "string" },
      start_time: { comparators: NUMBER_CMP, type: "number" },
      end_time: { comparators: NUMBER_CMP, type: "number" },
    },
    tag: { comparators: STRING_CMP, type: "string" },
    param: { comparators: STRING_CMP, type: "string" },
    metric: { comparators: NUMBER_CMP, type: "number" },
  },
} as const satisfies Record<string, TFilterSpec>;

/** Attribute spellings MLflow accepts for the same column. */
const ATTRIBUTE_ALIASES: Record<string, string> = {
  run_name: "run_name",
  "mlflow.runName": "run_name",
  version: "version_number",
  source: "source_path",
};

const list = (xs: readonly string[]) => `[${xs.map((x) => `'${x}'`).join(", ")}]`;

/** Checks parsed clauses against a search's spec: known keys, allowed comparators, value types. */
export function checkFilter(clauses: TFilterClause[], spec: TFilterSpec): TFilterClause[] {
  return clauses.map((c) => {
    let key = c.key;
    let keySpec: TKeySpec | undefined;
    if (c.entity === "attribute") {
      key = spec.attributes[key] ? key : (ATTRIBUTE_ALIASES[key] ?? key);
      keySpec = spec.attributes[key];
      if (!keySpec)
        throw new MlflowInputError(
          `Invalid attribute key '${c.key}' specified. Valid keys are '${list(Object.keys(spec.attributes))}'`,
        );
    } else {
      keySpec = spec[c.entity];
      if (!keySpec) {
        const valid = ["attribute", ...(["tag", "metric", "param"] as const).filter((e) => spec[e])];
        throw new MlflowInputError(`Invalid entity type '${c.entity}'. Valid values are ${list(valid)}`);
      }
    }
    if (!keySpec.comparators.includes(c.comparator)) {
      throw new MlflowInputError(`Invalid comparator '${c.comparator}' not one of '${list(keySpec.comparators)}'`);
    }
    const values = Array.isArray(c.value) ? c.value : [c.value];
    if (keySpec.type === "number") {
      const numbers = values.map((v) =>
        typeof v === "number" ? v : /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : Number.NaN,
      );
      if (numbers.some((n) => !Number.isFinite(n)))
        throw new MlflowInputError(
          `Expected numeric value for ${c.entity === "attribute" ? key : `${c.entity}.${key}`}, got ${JSON.stringify(c.value)}`,
        );
      return { ...c, key, value: Array.isArray(c.value) ? numbers : numbers[0]! };
    }
    if (values.some((v) => typeof v !== "string")) {
      throw new MlflowInputError(
        `Expected a quoted string value for ${c.entity === "attribute" ? key : `${c.entity}s.${key}`} (e.g. '${String(values[0])}')`,
      );
    }
    return { ...c, key };
  });
}

/** parseFilter + checkFilter. */
export function parseSearchFilter(text: string | undefined, spec: TFilterSpec): TFilterClause[] {
  return checkFilter(parseFilter(text), spec);
}
