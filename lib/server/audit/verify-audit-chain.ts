import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { getDb, type Db } from "@/lib/db/client";
import { getAuthSecret } from "@/lib/env";
import { GENESIS_HASH, hashAuditEvent, hashedFieldsOf } from "./audit-hash";

export type TAuditChainReport = {
  ok: boolean;
  /** "incremental" resumes from the newest validly signed checkpoint; "full" recomputes from the first event. */
  mode: "incremental" | "full";
  /** Chained events covered by this verification: those up to the checkpoint (proved by an earlier run) plus those checked now. */
  verified: number;
  /** Events recomputed by this run. */
  checked: number;
  /** Committed events the sequencer has not chained yet, and how long the oldest has waited. */
  pending: number;
  oldestPendingAgeMs: number | null;
  headPosition: string;
  headHash: string;
  fromCheckpoint: string | null;
  /** The first position that does not verify, and why. */
  brokenAt?: { position: string; seq: string | null; reason: string };
};

const PAGE = 2000;

function checkpointKey(): Buffer {
  return createHmac("sha256", "modelgate-audit-checkpoint").update(getAuthSecret()).digest();
}

export function signCheckpoint(position: bigint, hash: string): string {
  return createHmac("sha256", checkpointKey()).update(`${position}:${hash}`).digest("hex");
}

function signatureHolds(position: bigint, hash: string, signature: string): boolean {
  const expected = Buffer.from(signCheckpoint(position, hash), "hex");
  const given = Buffer.from(signature, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Verifies the hash chain in position order: positions are dense (a deleted event leaves a gap), each event links
 * to the previous hash, and each hash matches its content. Incremental by default: it starts at the newest
 * checkpoint whose HMAC (keyed by the server secret) holds and whose event still carries the checkpointed hash,
 * so its cost is the events chained since; `full` starts from the first event. A checkpoint that does not hold
 * (forged, or signed under a rotated secret) is skipped, never trusted. A successful run stores a checkpoint at
 * the head it reached.
 */
export async function verifyAuditChain(opts: { full?: boolean; db?: Db } = {}): Promise<TAuditChainReport> {
  const db = opts.db ?? (await getDb());
  const [pendingRow] = await db.$queryRaw<{ pending: bigint; oldest: Date | null }[]>`
    SELECT count(*)::bigint AS pending, min("createdAt") AS oldest FROM audit_events WHERE "position" IS NULL`;
  const pending = Number(pendingRow?.pending ?? 0);
  const oldestPendingAgeMs = pendingRow?.oldest ? Math.max(0, Date.now() - pendingRow.oldest.getTime()) : null;

  let position = 0n;
  let prev = GENESIS_HASH;
  let fromCheckpoint: bigint | null = null;
  let checked = 0;
  if (!opts.full) {
    const checkpoints = await db.auditCheckpoint.findMany({ orderBy: { position: "desc" }, take: 20 });
    for (const c of checkpoints) {
      if (!signatureHolds(c.position, c.hash, c.signature)) continue;
      const at = await db.auditEvent.findUnique({ where: { position: c.position } });
      if (!at || at.hash !== c.hash || !at.prevHash || hashAuditEvent(at.prevHash, hashedFieldsOf(at)) !== c.hash) {
        const reason = at ? "event at a verified checkpoint was changed" : "event at a verified checkpoint was removed";
        return report(false, { position: c.position.toString(), seq: at?.seq.toString() ?? null, reason });
      }
      position = c.position;
      prev = c.hash;
      fromCheckpoint = c.position;
      break;
    }
  }
  const start = position;

  function report(ok: boolean, brokenAt?: TAuditChainReport["brokenAt"]): TAuditChainReport {
    return {
      ok,
      mode: opts.full ? "full" : "incremental",
      verified: Number(position),
      checked,
      pending,
      oldestPendingAgeMs,
      headPosition: position.toString(),
      headHash: prev,
      fromCheckpoint: fromCheckpoint?.toString() ?? null,
      ...(brokenAt ? { brokenAt } : {}),
    };
  }

  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: { position: { gt: position } },
      orderBy: { position: "asc" },
      take: PAGE,
    });
    for (const r of rows) {
      const expectedPosition = position + 1n;
      if (r.position !== expectedPosition) {
        return report(false, {
          position: expectedPosition.toString(),
          seq: null,
          reason: `event at position ${expectedPosition} is missing`,
        });
      }
      if (r.prevHash !== prev) {
        return report(false, {
          position: expectedPosition.toString(),
          seq: r.seq.toString(),
          reason: "prevHash does not link to the previous event",
        });
      }
      if (hashAuditEvent(prev, hashedFieldsOf(r)) !== r.hash) {
        return report(false, {
          position: expectedPosition.toString(),
          seq: r.seq.toString(),
          reason: "content does not match its hash",
        });
      }
      prev = r.hash;
      position = expectedPosition;
      checked++;
    }
    if (rows.length < PAGE) break;
  }
  if (position > start) {
    await db.auditCheckpoint.createMany({
      data: [{ position, hash: prev, signature: signCheckpoint(position, prev) }],
      skipDuplicates: true,
    });
  }
  return report(true);
}
