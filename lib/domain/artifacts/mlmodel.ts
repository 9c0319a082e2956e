import { parse } from "yaml";
import type { TFeatureSpec } from "../monitoring/columns";

/** A declared feature as lib/schemas/models.ts ZFeature parses it (nullable defaulted); named here, not imported, so
 * lib/domain does not depend on lib/schemas (which depends on lib/domain). */
type TFeature = TFeatureSpec & { nullable: boolean };

/** What a model's own `MLmodel` file says, as version evidence. */
export type TModelSignature =
  | { kind: "none" }
  | {
      kind: "columns";
      /** The signature's inputs as MLflow wrote them ({name, type, required}). */
      inputs: { name: string; type: string; required: boolean }[];
      /** The inputs as Modelgate features (MLflow column types mapped to numeric / categorical). */
      features: TFeature[];
      /** Inputs with no Modelgate type (binary, datetime, arrays, objects), left out of the features. */
      unmapped: { name: string; type: string }[];
      /** Input names that are not valid feature names, and the name used instead. */
      renamed: { from: string; to: string }[];
    }
  | { kind: "tensor"; inputs: { name?: string; dtype: string; shape: number[] }[] };

export type TMlmodelEvidence = {
  flavors: string[];
  framework: string;
  signature: TModelSignature;
  outputs: string | null;
};

const NUMERIC = new Set(["double", "float", "integer", "long"]);
const FEATURE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

/** A valid feature name for an MLflow column name: other characters become `_` ("sepal length (cm)" → "sepal_length_cm"). */
export function featureName(name: string): string {
  if (FEATURE_NAME.test(name)) return name;
  let n = name.replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/^_+|_+$/g, "");
  if (!/^[A-Za-z_]/.test(n)) n = `_${n}`;
  return n.slice(0, 128);
}

/** MLflow column type → Modelgate feature (null when Modelgate has no such type). */
export function featureOf(name: string, type: string, required: boolean): TFeature | null {
  if (NUMERIC.has(type)) return { name, type: "numeric", nullable: !required };
  if (type === "string") return { name, type: "categorical", nullable: !required };
  if (type === "boolean") return { name, type: "categorical", categories: ["false", "true"], nullable: !required };
  return null;
}

function parseJsonList(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (typeof value !== "string") return null;
  try {
    const v: unknown = JSON.parse(value);
    return Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

function signatureOf(inputsRaw: unknown): TModelSignature {
  const inputs = parseJsonList(inputsRaw);
  if (!inputs || inputs.length === 0) return { kind: "none" };
  const specs = inputs.filter((x): x is Record<string, unknown> => !!x && typeof x === "object");
  if (specs.some((s) => s.type === "tensor")) {
    return {
      kind: "tensor",
      inputs: specs.map((s) => {
        const t = (s["tensor-spec"] ?? {}) as { dtype?: unknown; shape?: unknown };
        return {
          ...(typeof s.name === "string" ? { name: s.name } : {}),
          dtype: String(t.dtype ?? ""),
          shape: Array.isArray(t.shape) ? t.shape.map(Number) : [],
        };
      }),
    };
  }
  const columns = specs.map((s, i) => ({
    name: typeof s.name === "string" && s.name ? s.name : `col_${i}`,
    type: typeof s.type === "string" ? s.type : "object",
    required: s.required !== false,
  }));
  const features: TFeature[] = [];
  const unmapped: { name: string; type: string }[] = [];
  const renamed: { from: string; to: string }[] = [];
  const used = new Set<string>();
  for (const c of columns) {
    let name = featureName(c.name);
    for (let n = 2; used.has(name); n++) name = `${featureName(c.name).slice(0, 120)}_${n}`;
    const f = featureOf(name, c.type, c.required);
    if (!f) {
      unmapped.push({ name: c.name, type: c.type });
      continue;
    }
    used.add(name);
    if (name !== c.name) renamed.push({ from: c.name, to: name });
    features.push(f);
  }
  return { kind: "columns", inputs: columns, features, unmapped, renamed };
}

/**
 * Reads an MLmodel YAML file: its flavours (the first other than python_function names the framework, with
 * its version when the flavour records one: "sklearn 1.4.2"), and its signature's inputs — column-based
 * (a feature schema) or tensor-based (reported as such: a tensor has no named features to monitor).
 * Throws on text that is not YAML.
 */
export function readMlmodel(text: string): TMlmodelEvidence {
  const doc = (parse(text) ?? {}) as Record<string, unknown>;
  const flavorsRaw =
    doc.flavors && typeof doc.flavors === "object"
      ? (doc.flavors as Record<string, Record<string, unknown> | null>)
      : {};
  const flavors = Object.keys(flavorsRaw);
  const main = flavors.find((f) => f !== "python_function");
  let framework = "";
  if (main) {
    const details = flavorsRaw[main] ?? {};
    const versionKey = Object.keys(details).find((k) => k.endsWith("_version") && k !== "mlflow_version");
    const version = versionKey ? details[versionKey] : undefined;
    framework = typeof version === "string" && version ? `${main} ${version}` : main;
  }
  const sig = doc.signature && typeof doc.signature === "object" ? (doc.signature as Record<string, unknown>) : {};
  return {
    flavors,
    framework: framework.slice(0, 100),
    signature: signatureOf(sig.inputs),
    outputs: typeof sig.outputs === "string" ? sig.outputs.slice(0, 10_000) : null,
  };
}

export type TSchemaDisagreement = {
  onlyInTag: string[];
  onlyInSignature: string[];
  typeDiffers: { name: string; tag: string; signature: string }[];
};

/** Where an explicit feature-schema tag and the model's signature differ (null when they agree). */
export function compareWithSignature(tag: TFeature[], signature: TFeature[]): TSchemaDisagreement | null {
  const sig = new Map(signature.map((f) => [f.name, f]));
  const tagged = new Map(tag.map((f) => [f.name, f]));
  const out: TSchemaDisagreement = {
    onlyInTag: tag.filter((f) => !sig.has(f.name)).map((f) => f.name),
    onlyInSignature: signature.filter((f) => !tagged.has(f.name)).map((f) => f.name),
    typeDiffers: tag
      .filter((f) => sig.has(f.name) && sig.get(f.name)!.type !== f.type)
      .map((f) => ({ name: f.name, tag: f.type, signature: sig.get(f.name)!.type })),
  };
  return out.onlyInTag.length || out.onlyInSignature.length || out.typeDiffers.length ? out : null;
}
