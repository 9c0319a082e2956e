import "server-only";
import { createHash } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";

export type AuditActor = Pick<TActor, "kind" | "userId" | "name"> | { kind: "system"; userId?: undefined; name: string };

export type AuditInput = {
  actor: AuditActor;
  action: string;
  entityType: string;
  entityId: string;
  modelId?: string | null;
  before?: unknown;
  after?: unknown;
  metadata?: Record<string, unknown>;
};

export const GENESIS_HASH = "0".repeat(64);
// Serialises appends so that each event sees the true previous hash, whichever connection writes it.
const AUDIT_LOCK_ID = 48151623;

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
  return value === undefined ? null : JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
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

/**
 * Appends one event to the hash-chained audit log inside the caller's transaction, so the change and its
 * record commit or vanish together.
 */
export async function appendAuditEvent(tx: Tx, input: AuditInput): Promise<{ seq: bigint; hash: string }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_ID})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const createdAt = new Date();
  const fields: HashedFields = {
    actorId: input.actor.userId ?? null,
    actorType: input.actor.kind,
    actorLabel: input.actor.name,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    modelId: input.modelId ?? null,
    before: toJsonValue(input.before),
    after: toJsonValue(input.after),
    metadata: toJsonValue(input.metadata ?? {}),
    createdAt: createdAt.toISOString(),
  };
  const hash = hashAuditEvent(prevHash, fields);
  const row = await tx.auditEvent.create({
    data: {
      actorId: fields.actorId,
      actorType: fields.actorType,
      actorLabel: fields.actorLabel,
      action: fields.action,
      entityType: fields.entityType,
      entityId: fields.entityId,
      modelId: fields.modelId,
      before: fields.before === null ? undefined : (fields.before as object),
      after: fields.after === null ? undefined : (fields.after as object),
      metadata: fields.metadata as object,
      createdAt,
      prevHash,
      hash,
    },
    select: { seq: true },
  });
  return { seq: row.seq, hash };
}
