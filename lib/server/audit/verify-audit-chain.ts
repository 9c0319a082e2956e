import "server-only";
import { getDb } from "@/lib/db/client";
import { GENESIS_HASH, hashAuditEvent } from "./append-audit-event";

export type TAuditChainReport = {
  ok: boolean;
  checked: number;
  headHash: string;
  brokenAt?: { seq: string; reason: string };
};

const PAGE = 2000;

/** Recomputes every hash from the first event on; reports the first event whose link or content does not match. */
export async function verifyAuditChain(): Promise<TAuditChainReport> {
  const db = await getDb();
  let prev = GENESIS_HASH;
  let checked = 0;
  let cursor: bigint | undefined;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: cursor === undefined ? {} : { seq: { gt: cursor } },
      orderBy: { seq: "asc" },
      take: PAGE,
    });
    for (const r of rows) {
      if (r.prevHash !== prev) {
        return { ok: false, checked, headHash: prev, brokenAt: { seq: r.seq.toString(), reason: "prevHash does not link to the previous event" } };
      }
      const expected = hashAuditEvent(prev, {
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
      });
      if (expected !== r.hash) {
        return { ok: false, checked, headHash: prev, brokenAt: { seq: r.seq.toString(), reason: "content does not match its hash" } };
      }
      prev = r.hash;
      checked++;
    }
    if (rows.length < PAGE) break;
    cursor = rows[rows.length - 1]!.seq;
  }
  return { ok: true, checked, headHash: prev };
}
