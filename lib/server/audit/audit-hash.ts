import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

/** JSON with sorted keys, so the hash does not depend on how jsonb reorders keys. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Dates become ISO strings and undefined disappears: what jsonb will give back. */
export function toJsonValue(value: unknown): unknown {
  return value === undefined
    ? null
    : JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
}

export type HashedFields = {
  actorId: string | null;
  actorType: string;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  modelId: string | null;
  before: unknown;
  after: unknown;
  metadata: unknown;
  createdAt: string;
};

export function hashAuditEvent(prevHash: string, fields: HashedFields): string {
  return createHash("sha256").update(prevHash).update("\n").update(canonicalJson(fields)).digest("hex");
}

/** The hashed fields of a stored row: what the sequencer chains and what verification recomputes. */
export function hashedFieldsOf(r: Omit<HashedFields, "createdAt"> & { createdAt: Date }): HashedFields {
  return {
    actorId: r.actorId,
    actorType: r.actorType,
    actorLabel: r.actorLabel,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    modelId: r.modelId,
    before: r.before ?? null,
    after: r.after ?? null,
    metadata: r.metadata ?? {},
    createdAt: r.createdAt.toISOString(),
  };
}
