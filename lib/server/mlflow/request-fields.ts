import "server-only";
import type { TKeyValue } from "@/lib/domain/mlflow/proto-json";
import { mlflowError } from "./mlflow-error";

type TRaw = Record<string, unknown>;

const typeName = (v: unknown) =>
  v === null
    ? "null"
    : Array.isArray(v)
      ? "list"
      : typeof v === "number"
        ? Number.isInteger(v)
          ? "int"
          : "float"
        : typeof v === "boolean"
          ? "bool"
          : typeof v === "string"
            ? "str"
            : "dict";

/** A value as Python's str() prints it, as MLflow's message interpolates it (`foo`, `True`, `None`, `['a']`, `{'k': 1}`). */
export function pythonStr(v: unknown, nested = false): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return nested ? `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'` : v;
  if (Array.isArray(v)) return `[${v.map((x) => pythonStr(x, true)).join(", ")}]`;
  return `{${Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${pythonStr(k, true)}: ${pythonStr(x, true)}`)
    .join(", ")}}`;
}

function invalid(name: string, value: unknown): Error {
  return mlflowError(
    "INVALID_PARAMETER_VALUE",
    `Invalid value ${pythonStr(value)} for parameter '${name}' supplied. Hint: Value was of type '${typeName(value)}'. See the API docs for more information about request parameters.`,
  );
}

function missing(name: string): Error {
  return mlflowError(
    "INVALID_PARAMETER_VALUE",
    `Missing value for required parameter '${name}'. See the API docs for more information about request parameters.`,
  );
}

/**
 * The fields of one MLflow request, read as MLflow's handlers read them: GET from the query string
 * (a repeated field as `k=a&k=b`, a single `k=a`, or `k[0]=a&k[1]=b`), other methods from the JSON body.
 * Unknown fields are ignored (MLflow parses with ignore_unknown_fields); an empty string counts as absent
 * for required fields, as in MLflow's `_assert_required`.
 */
export class MlflowFields {
  private constructor(
    private readonly raw: TRaw,
    private readonly fromQueryString: boolean,
  ) {}

  static fromQuery(params: URLSearchParams): MlflowFields {
    const raw: Record<string, string | string[]> = {};
    const indexed = new Map<string, { i: number; v: string }[]>();
    for (const [key, value] of params) {
      const m = /^(.+)\[(\d*)\]$/.exec(key);
      if (m) {
        const list = indexed.get(m[1]!) ?? [];
        list.push({ i: m[2] === "" ? Number.MAX_SAFE_INTEGER : Number(m[2]), v: value });
        indexed.set(m[1]!, list);
        continue;
      }
      const prev = raw[key];
      raw[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
    for (const [key, list] of indexed) {
      const sorted = list.sort((a, b) => a.i - b.i).map((x) => x.v);
      const prev = raw[key];
      raw[key] = prev === undefined ? sorted : [...(Array.isArray(prev) ? prev : [prev]), ...sorted];
    }
    return new MlflowFields(raw, true);
  }

  static fromBody(body: unknown): MlflowFields {
    if (body === null || body === undefined) return new MlflowFields({}, false);
    if (typeof body !== "object" || Array.isArray(body))
      throw mlflowError("BAD_REQUEST", "The request body must be a JSON object.");
    return new MlflowFields(body as TRaw, false);
  }

  private value(name: string): unknown {
    const v = this.raw[name];
    // A repeated query parameter given for a scalar field: MLflow (Flask's args.get) takes the first.
    return this.fromQueryString && Array.isArray(v) ? v[0] : v;
  }

  has(name: string): boolean {
    const v = this.raw[name];
    return v !== undefined && v !== null && v !== "";
  }

  string(name: string): string | undefined {
    const v = this.value(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") throw invalid(name, v);
    return v;
  }

  requiredString(name: string): string {
    const v = this.string(name);
    if (v === undefined || v === "") throw missing(name);
    return v;
  }

  /** The version field is a string in MLflow's protos; a JSON number is tolerated. */
  requiredVersion(name = "version"): string {
    const v = this.value(name);
    if (typeof v === "number" && Number.isInteger(v)) return String(v);
    return this.requiredString(name);
  }

  /** int64 fields may arrive as JSON numbers or, in proto-JSON and query strings, as decimal strings. */
  int(name: string): number | undefined {
    const v = this.value(name);
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v === "number" && Number.isSafeInteger(v)) return v;
    if (typeof v === "string" && /^-?\d+$/.test(v.trim()) && Number.isSafeInteger(Number(v))) return Number(v);
    throw invalid(name, v);
  }

  requiredInt(name: string): number {
    const v = this.int(name);
    if (v === undefined) throw missing(name);
    return v;
  }

  /** doubles: numbers, decimal strings, or proto-JSON's "NaN" / "Infinity" / "-Infinity". */
  requiredDouble(name: string): number {
    const v = this.value(name);
    if (v === undefined || v === null || v === "") throw missing(name);
    if (typeof v === "number") return v;
    if (typeof v === "string") {
      if (v === "NaN") return Number.NaN;
      if (v === "Infinity") return Infinity;
      if (v === "-Infinity") return -Infinity;
      if (v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
    }
    throw invalid(name, v);
  }

  bool(name: string): boolean | undefined {
    const v = this.value(name);
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v === "boolean") return v;
    if (v === "true" || v === "True") return true;
    if (v === "false" || v === "False") return false;
    throw invalid(name, v);
  }

  requiredBool(name: string): boolean {
    const v = this.bool(name);
    if (v === undefined) throw missing(name);
    return v;
  }

  /** A repeated string field; absent means empty. */
  stringList(name: string): string[] {
    const v = this.raw[name];
    if (v === undefined || v === null) return [];
    const list = Array.isArray(v) ? v : [v];
    for (const item of list) if (typeof item !== "string") throw invalid(name, v);
    return list as string[];
  }

  /** A repeated message field (tags, metrics…), each a JSON object. */
  objects(name: string): Record<string, unknown>[] {
    const v = this.raw[name];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== "object" || x === null || Array.isArray(x)))
      throw invalid(name, v);
    return v as Record<string, unknown>[];
  }

  /** Repeated {key, value} messages; every key and value must be a string. */
  keyValues(name: string): TKeyValue[] {
    return this.objects(name).map((o) => {
      if (typeof o.key !== "string" || o.key === "") throw missing(`${name}.key`);
      if (typeof o.value !== "string")
        throw o.value === undefined || o.value === null ? missing(`${name}.value`) : invalid(`${name}.value`, o.value);
      return { key: o.key, value: o.value };
    });
  }
}
