import type { TJsonSchema } from "@/lib/schemas/openapi";

/**
 * JSON Schema (as the OpenAPI document holds it) → rows a person can read: name, type, required, description,
 * enum values and constraints. Pure; nested objects become indented rows, down to MAX_DEPTH.
 */
export type TSchemaField = {
  key: string;
  name: string;
  depth: number;
  type: string;
  isRequired: boolean;
  isNullable: boolean;
  description?: string;
  enumValues: string[];
  notes: string[];
};

export type TSchemaShape = {
  type: string;
  isNullable: boolean;
  enumValues: string[];
  notes: string[];
  description?: string;
  /** An object whose properties are shown as nested rows. */
  children?: TJsonSchema;
  /** Appended to the parent name in nested keys: `[]` for array items, `{}` for map values. */
  suffix: string;
};

const MAX_DEPTH = 4;

function range(min: number | undefined, max: number | undefined, unit: string): string | null {
  // zod's .int() emits ±MAX_SAFE_INTEGER bounds; they say nothing a reader needs.
  const lo = min === undefined || min <= -Number.MAX_SAFE_INTEGER ? undefined : min;
  const hi = max === undefined || max >= Number.MAX_SAFE_INTEGER ? undefined : max;
  if (lo !== undefined && hi !== undefined) return lo === hi ? `exactly ${lo}${unit}` : `${lo}–${hi}${unit}`;
  if (lo !== undefined) return `≥ ${lo}${unit}`;
  if (hi !== undefined) return `≤ ${hi}${unit}`;
  return null;
}

function notesOf(s: TJsonSchema): string[] {
  const notes = [
    range(s.minLength, s.maxLength, " chars"),
    range(s.minimum, s.maximum, ""),
    range(s.minItems, s.maxItems, " items"),
    s.pattern && !s.format ? `pattern ${s.pattern}` : null,
    s.default !== undefined ? `default ${JSON.stringify(s.default)}` : null,
  ];
  return notes.filter((n): n is string => n !== null);
}

function asSchema(s: unknown): TJsonSchema | undefined {
  return s && typeof s === "object" && !Array.isArray(s) ? (s as TJsonSchema) : undefined;
}

function primitive(s: TJsonSchema): TSchemaShape {
  const base: TSchemaShape = { type: "any", isNullable: false, enumValues: [], notes: notesOf(s), suffix: "" };
  if (s.enum) return { ...base, type: "enum", enumValues: s.enum.map((v) => String(v)) };
  if (s.const !== undefined) return { ...base, type: JSON.stringify(s.const) };
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const nonNull = types.filter((t) => t !== "null");
  const type = nonNull.join(" | ") || (types.length ? "null" : "any");
  return { ...base, type: s.format ? `${type} (${s.format})` : type, isNullable: nonNull.length < types.length };
}

/** What one schema node is, in words. */
export function describeSchema(s: TJsonSchema): TSchemaShape {
  const own = { description: s.description, notes: notesOf(s) };
  if (s.$ref) {
    const name = s.$ref.split("/").pop() ?? s.$ref;
    return {
      type: name.startsWith("JsonValue") ? "any JSON" : name,
      isNullable: false,
      enumValues: [],
      suffix: "",
      ...own,
    };
  }
  const members = s.anyOf ?? s.oneOf;
  if (members) {
    const nonNull = members.filter((m) => m.type !== "null");
    const shapes = nonNull.map(describeSchema);
    const isNullable = nonNull.length < members.length;
    if (shapes.length === 1) return { ...shapes[0]!, isNullable, description: s.description ?? shapes[0]!.description };
    return { type: shapes.map((x) => x.type).join(" | "), isNullable, enumValues: [], suffix: "", ...own };
  }
  if (s.type === "array") {
    const item = describeSchema(asSchema(s.items) ?? {});
    return {
      ...item,
      type: `${item.type}[]`,
      suffix: `[]${item.suffix}`,
      description: s.description ?? item.description,
      notes: [...own.notes, ...item.notes],
    };
  }
  if (s.type === "object" && s.properties)
    return { type: "object", isNullable: false, enumValues: [], suffix: "", children: s, ...own };
  if (s.type === "object") {
    const value = asSchema(s.additionalProperties);
    const v = value && Object.keys(value).length ? describeSchema(value) : undefined;
    return {
      type: v ? `map of ${v.type}` : "object (any keys)",
      isNullable: false,
      enumValues: v?.enumValues ?? [],
      children: v?.children,
      suffix: "{}",
      ...own,
    };
  }
  return { ...primitive(s), description: s.description };
}

/** Rows for the properties of an object schema (the top level of a body or response). */
export function flattenSchema(schema: TJsonSchema, depth = 0, prefix = ""): TSchemaField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([name, prop]) => {
    const shape = describeSchema(asSchema(prop) ?? {});
    const key = prefix ? `${prefix}.${name}` : name;
    const row: TSchemaField = {
      key,
      name,
      depth,
      type: shape.type,
      isRequired: required.has(name),
      isNullable: shape.isNullable,
      description: shape.description,
      enumValues: shape.enumValues,
      notes: shape.notes,
    };
    const nested =
      shape.children && depth + 1 < MAX_DEPTH ? flattenSchema(shape.children, depth + 1, `${key}${shape.suffix}`) : [];
    return [row, ...nested];
  });
}
