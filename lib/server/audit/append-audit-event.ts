import "server-only";
import type { Tx } from "@/lib/db/client";
import { afterCommit, type SqlTx } from "@/lib/db/run-transaction";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { toJsonValue } from "./audit-hash";
import { wakeAuditSequencer } from "./integrate-audit-events";

export { canonicalJson } from "./audit-hash";

export type AuditActor =
  Pick<TActor, "kind" | "userId" | "name"> | { kind: "system"; userId?: undefined; name: string };

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

/**
 * Appends one event to the audit log inside the caller's transaction, so the change and its record commit or
 * vanish together. One INSERT, no lock and no read of the chain head: the event is integrated into the hash
 * chain shortly after it commits, by the sequencer (`integrate-audit-events.ts`), which stamps its position,
 * prevHash and hash. Until then it is "pending" (counted by verify). The transaction helper wakes the
 * sequencer once the transaction has committed.
 */
export async function appendAuditEvent(tx: Tx, input: AuditInput): Promise<{ seq: bigint }> {
  const row = await tx.auditEvent.create({ data: toRow(input, new Date()), select: { seq: true } });
  afterCommit(tx, wakeAuditSequencer);
  return { seq: row.seq };
}

/** Several events of one use case in one INSERT (hot paths with a statement budget). */
export async function appendAuditEvents(tx: Tx, inputs: readonly AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const now = new Date();
  await tx.auditEvent.createMany({ data: inputs.map((i) => toRow(i, now)) });
  afterCommit(tx, wakeAuditSequencer);
}

/** appendAuditEvent for a runSqlTransaction: the same row, one INSERT on the driver. */
export async function appendAuditEventSql(sql: SqlTx, input: AuditInput): Promise<void> {
  const r = toRow(input, new Date());
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  await sql.query(
    `INSERT INTO audit_events ("actorId", "actorType", "actorLabel", action, "entityType", "entityId", "modelId", before, after, metadata, "createdAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10::jsonb, $11)`,
    [
      r.actorId,
      r.actorType,
      r.actorLabel,
      r.action,
      r.entityType,
      r.entityId,
      r.modelId,
      json(r.before),
      json(r.after),
      json(r.metadata),
      r.createdAt,
    ],
  );
  afterCommit(sql, wakeAuditSequencer);
}

function toRow(input: AuditInput, createdAt: Date) {
  const before = toJsonValue(input.before);
  const after = toJsonValue(input.after);
  return {
    actorId: input.actor.userId ?? null,
    actorType: input.actor.kind,
    actorLabel: input.actor.name,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    modelId: input.modelId ?? null,
    before: before === null ? undefined : (before as object),
    after: after === null ? undefined : (after as object),
    metadata: toJsonValue(input.metadata ?? {}) as object,
    createdAt,
  };
}
