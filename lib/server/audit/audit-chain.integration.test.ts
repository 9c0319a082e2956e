import pg from "pg";
import { describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "@/lib/db/client";
import { connect } from "@/lib/db/connect";
import type { SqlRunner } from "@/lib/db/migrate";
import { runTransaction } from "@/lib/db/run-transaction";
import { createTestUser, uniq } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { appendAuditEvent, type AuditActor } from "./append-audit-event";
import { drainAuditEvents, integrateAuditEvents } from "./integrate-audit-events";
import { verifyAuditChain } from "./verify-audit-chain";

const db = useTestDatabase();
const onPostgres = !!process.env.TEST_DATABASE_URL;

async function actor(): Promise<AuditActor> {
  return (await createTestUser(db.prisma, { roles: ["DATA_SCIENTIST"] })).actor;
}

async function append(who: AuditActor, entityId: string, extra: Record<string, unknown> = {}) {
  return runTransaction((tx) =>
    appendAuditEvent(tx, {
      actor: who,
      action: "widget.touched",
      entityType: "widget",
      entityId,
      after: { n: 1, ...extra },
    }),
  );
}

/** Rewrites a row past the append-only trigger, as only an attacker with DDL rights could. */
async function tamper(sql: string) {
  await db.prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
    await tx.$executeRawUnsafe(sql);
    await tx.$executeRawUnsafe(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete`);
  });
}

async function positionOf(seq: bigint): Promise<bigint | null> {
  return (await db.prisma.auditEvent.findUniqueOrThrow({ where: { seq }, select: { position: true } })).position;
}

describe("audit sequencer", () => {
  it("chains committed events and never an event whose transaction rolled back", async () => {
    const who = await actor();
    const kept = await append(who, uniq("kept"));
    const ghost = uniq("ghost");
    await expect(
      runTransaction(async (tx) => {
        await appendAuditEvent(tx, { actor: who, action: "widget.touched", entityType: "widget", entityId: ghost });
        throw new Error("use case failed after auditing");
      }),
    ).rejects.toThrow("use case failed");
    await drainAuditEvents();
    expect(await db.prisma.auditEvent.count({ where: { entityId: ghost } })).toBe(0);
    expect(await positionOf(kept.seq)).not.toBeNull();
    const report = await verifyAuditChain({ full: true });
    expect(report).toMatchObject({ ok: true, pending: 0, mode: "full" });
    expect(report.verified).toBe(Number(report.headPosition));
  });

  it("reports pending events until the sequencer has chained them", async () => {
    const who = await actor();
    await drainAuditEvents();
    // Written outside runTransaction: nothing wakes the sequencer, so the event waits for a pass.
    await db.prisma.$transaction((tx) =>
      appendAuditEvent(tx, { actor: who, action: "widget.touched", entityType: "widget", entityId: uniq("w") }),
    );
    const before = await verifyAuditChain();
    expect(before.ok).toBe(true);
    expect(before.pending).toBe(1);
    expect(before.oldestPendingAgeMs).toBeGreaterThanOrEqual(0);
    expect((await integrateAuditEvents()).integrated).toBe(1);
    expect((await verifyAuditChain()).pending).toBe(0);
  });

  it("wakes itself after a commit: events are chained without anyone asking", async () => {
    const who = await actor();
    const { seq } = await append(who, uniq("w"));
    for (let i = 0; i < 100 && (await positionOf(seq)) === null; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await positionOf(seq)).not.toBeNull();
  });

  it("gives dense positions in commit order, linking each to the previous hash", async () => {
    const who = await actor();
    for (let i = 0; i < 5; i++) await append(who, uniq("w"));
    await drainAuditEvents();
    const rows = await db.prisma.auditEvent.findMany({
      orderBy: { position: "asc" },
      select: { position: true, prevHash: true, hash: true },
    });
    rows.forEach((r, i) => {
      expect(r.position).toBe(BigInt(i + 1));
      if (i > 0) expect(r.prevHash).toBe(rows[i - 1]!.hash);
    });
  });

  it("keeps the log append-only: chained rows and pending rows' content cannot be changed or deleted", async () => {
    const who = await actor();
    const { seq } = await append(who, uniq("w"));
    await drainAuditEvents();
    await expect(db.prisma.$executeRaw`UPDATE audit_events SET action = 'x' WHERE seq = ${seq}`).rejects.toThrow();
    await expect(
      db.prisma
        .$executeRaw`UPDATE audit_events SET "position" = NULL, hash = NULL, "prevHash" = NULL WHERE seq = ${seq}`,
    ).rejects.toThrow();
    await expect(db.prisma.$executeRaw`DELETE FROM audit_events WHERE seq = ${seq}`).rejects.toThrow();
    const pending = await db.prisma.$transaction((tx) =>
      appendAuditEvent(tx, { actor: who, action: "widget.touched", entityType: "widget", entityId: uniq("w") }),
    );
    await expect(
      db.prisma.$executeRaw`UPDATE audit_events SET action = 'x' WHERE seq = ${pending.seq}`,
    ).rejects.toThrow();
    await expect(
      db.prisma
        .$executeRaw`UPDATE audit_events SET action = 'x', "position" = 999999, hash = 'h', "prevHash" = 'p' WHERE seq = ${pending.seq}`,
    ).rejects.toThrow();
    await drainAuditEvents();
    expect((await verifyAuditChain({ full: true })).ok).toBe(true);
  });

  it("verifies incrementally from a signed checkpoint, and ignores a forged one", async () => {
    const who = await actor();
    for (let i = 0; i < 3; i++) await append(who, uniq("w"));
    await drainAuditEvents();
    const first = await verifyAuditChain();
    expect(first.ok).toBe(true);
    for (let i = 0; i < 4; i++) await append(who, uniq("w"));
    await drainAuditEvents();
    const second = await verifyAuditChain();
    expect(second).toMatchObject({ ok: true, mode: "incremental", checked: 4, fromCheckpoint: first.headPosition });
    expect(second.verified).toBe(first.verified + 4);

    // A checkpoint written straight into the table without the server's key is never trusted.
    const head = BigInt(second.headPosition);
    await db.prisma.auditCheckpoint.create({
      data: { position: head + 1000n, hash: "f".repeat(64), signature: "0".repeat(64) },
    });
    const third = await verifyAuditChain();
    expect(third).toMatchObject({ ok: true, fromCheckpoint: second.headPosition, checked: 0 });
    await db.prisma.auditCheckpoint.delete({ where: { position: head + 1000n } });
  });

  describe.runIf(onPostgres)("on PostgreSQL, with concurrent transactions and instances", () => {
    /** A second "instance": its own pool and Prisma client on the same schema. */
    async function secondInstance(): Promise<{ prisma: Db; runner: SqlRunner; close(): Promise<void> }> {
      const schema = await db.prisma.$queryRaw<{ s: string }[]>`SELECT current_schema()::text AS s`;
      const connection = await connect({ url: process.env.TEST_DATABASE_URL, schema: schema[0]!.s, poolSize: 4 });
      const prisma = createPrismaClient(connection);
      return {
        prisma,
        runner: connection.runner,
        close: async () => (await prisma.$disconnect(), await connection.close()),
      };
    }

    it("chains an event whose lower seq commits after a higher one, after it", async () => {
      const who = await actor();
      await drainAuditEvents();
      let releaseLow!: () => void;
      const lowMayCommit = new Promise<void>((r) => (releaseLow = r));
      let lowSeq!: bigint;
      let lowInserted!: () => void;
      const lowIsIn = new Promise<void>((r) => (lowInserted = r));
      const low = db.prisma.$transaction(
        async (tx) => {
          lowSeq = (
            await appendAuditEvent(tx, { actor: who, action: "widget.touched", entityType: "widget", entityId: "low" })
          ).seq;
          lowInserted();
          await lowMayCommit;
        },
        { timeout: 20_000 },
      );
      await lowIsIn;
      const high = await db.prisma.$transaction((tx) =>
        appendAuditEvent(tx, { actor: who, action: "widget.touched", entityType: "widget", entityId: "high" }),
      );
      expect(high.seq).toBeGreaterThan(lowSeq);
      await drainAuditEvents();
      const highPosition = await positionOf(high.seq);
      expect(highPosition).not.toBeNull();
      releaseLow();
      await low;
      expect(await positionOf(lowSeq)).toBeNull();
      await drainAuditEvents();
      expect(await positionOf(lowSeq)).toBe(highPosition! + 1n);
      expect(await verifyAuditChain({ full: true })).toMatchObject({ ok: true, pending: 0 });
    });

    it("runs one sequencer at a time, and another instance takes over when the holder dies", async () => {
      const who = await actor();
      await drainAuditEvents();
      const other = await secondInstance();
      const holderConn = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      holderConn.on("error", () => undefined); // it is terminated on purpose below
      await holderConn.connect();
      try {
        // Instance A is mid-pass: it holds the sequencer lock in an open transaction.
        await holderConn.query("BEGIN");
        await holderConn.query("SELECT pg_advisory_xact_lock(48151624)");
        await db.prisma.$transaction((tx) =>
          appendAuditEvent(tx, { actor: who, action: "widget.touched", entityType: "widget", entityId: uniq("w") }),
        );
        expect(await integrateAuditEvents({ runner: other.runner })).toMatchObject({ leader: false, integrated: 0 });
        // A dies (its backend is gone, its transaction with it): B's next pass is the sequencer.
        const [{ pid }] = (await holderConn.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows as [
          { pid: number },
        ];
        await db.prisma.$executeRaw`SELECT pg_terminate_backend(${pid}::int)`;
        await holderConn.end().catch(() => undefined);
        expect(await integrateAuditEvents({ runner: other.runner })).toMatchObject({ leader: true, integrated: 1 });
        expect(await verifyAuditChain({ full: true, db: other.prisma })).toMatchObject({ ok: true, pending: 0 });
      } finally {
        await holderConn.end().catch(() => undefined);
        await other.close();
      }
    });

    it("integrates events from many concurrent writers without gaps or forks", async () => {
      const who = await actor();
      const other = await secondInstance();
      try {
        await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            runTransaction(
              (tx) =>
                appendAuditEvent(tx, { actor: who, action: "widget.touched", entityType: "widget", entityId: `c${i}` }),
              { db: i % 2 ? other.prisma : db.prisma },
            ),
          ),
        );
        await Promise.all([drainAuditEvents(), drainAuditEvents({ runner: other.runner })]);
        await drainAuditEvents();
        expect(await verifyAuditChain({ full: true })).toMatchObject({ ok: true, pending: 0 });
      } finally {
        await other.close();
      }
    });
  });
  describe("tampering with chained events (trigger disabled) is detected", () => {
    async function chainOf(n: number) {
      const who = await actor();
      const seqs: bigint[] = [];
      for (let i = 0; i < n; i++) seqs.push((await append(who, uniq("w"), { i })).seq);
      await drainAuditEvents();
      return Promise.all(seqs.map(async (seq) => ({ seq, position: (await positionOf(seq))! })));
    }

    it("an edited event: the incremental verify finds it after the checkpoint, the full one anywhere", async () => {
      const old = await chainOf(2);
      const checkpoint = await verifyAuditChain();
      expect(checkpoint.ok).toBe(true);
      const recent = await chainOf(3);
      const victim = recent[1]!;
      await tamper(`UPDATE audit_events SET "actorLabel" = 'Mallory' WHERE seq = ${victim.seq}`);
      const inc = await verifyAuditChain();
      expect(inc).toMatchObject({ ok: false, mode: "incremental" });
      expect(inc.brokenAt).toEqual({
        position: victim.position.toString(),
        seq: victim.seq.toString(),
        reason: "content does not match its hash",
      });
      expect(inc.verified).toBe(Number(victim.position) - 1);

      const older = old[0]!;
      await tamper(`UPDATE audit_events SET "actorLabel" = 'Mallory' WHERE seq = ${older.seq}`);
      const full = await verifyAuditChain({ full: true });
      expect(full.brokenAt).toMatchObject({
        position: older.position.toString(),
        reason: "content does not match its hash",
      });
      // The event at the checkpoint itself is re-hashed by every incremental verify.
      const atCheckpoint = await db.prisma.auditEvent.findUniqueOrThrow({
        where: { position: BigInt(checkpoint.headPosition) },
      });
      await tamper(`UPDATE audit_events SET "entityId" = 'forged' WHERE seq = ${atCheckpoint.seq}`);
      const inc2 = await verifyAuditChain();
      expect(inc2.ok).toBe(false);
      expect(inc2.brokenAt?.reason).toBe("event at a verified checkpoint was changed");
    });

    it("a deleted event leaves a gap that both verifications report", async () => {
      // The previous test broke the chain on purpose; this one starts from a fresh database of its own.
      const fresh = await import("@/lib/testing/test-db").then((m) => m.createTestDatabase());
      try {
        const who = (await createTestUser(fresh.prisma, { roles: ["DATA_SCIENTIST"] })).actor;
        for (let i = 0; i < 4; i++) {
          await runTransaction(
            (tx) =>
              appendAuditEvent(tx, { actor: who, action: "widget.touched", entityType: "widget", entityId: `w${i}` }),
            { db: fresh.prisma },
          );
        }
        await drainAuditEvents({ runner: fresh.connection.runner });
        await fresh.prisma.$transaction(async (tx) => {
          await tx.$executeRawUnsafe(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
          await tx.$executeRawUnsafe(`DELETE FROM audit_events WHERE "position" = 3`);
          await tx.$executeRawUnsafe(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete`);
        });
        const full = await verifyAuditChain({ full: true, db: fresh.prisma });
        expect(full).toMatchObject({
          ok: false,
          verified: 2,
          brokenAt: { position: "3", seq: null, reason: "event at position 3 is missing" },
        });
        // Renumbering the rest to close the gap breaks the hash links instead.
        await fresh.prisma.$transaction(async (tx) => {
          await tx.$executeRawUnsafe(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
          await tx.$executeRawUnsafe(`UPDATE audit_events SET "position" = 3 WHERE "position" = 4`);
          await tx.$executeRawUnsafe(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete`);
        });
        const renumbered = await verifyAuditChain({ full: true, db: fresh.prisma });
        expect(renumbered.brokenAt).toMatchObject({
          position: "3",
          reason: "prevHash does not link to the previous event",
        });
      } finally {
        await fresh.close();
      }
    });
  });
});
