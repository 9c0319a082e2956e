/**
 * Two real app processes on one PostgreSQL deliver each webhook exactly once, and one killed mid-delivery
 * loses nothing (issue 8). Runs when TEST_DATABASE_URL is set and a production build (`.next/BUILD_ID`)
 * newer than the delivery code exists — CI's PostgreSQL pass runs after `npm run build`; otherwise it is
 * skipped, saying why. Each instance is `node scripts/start.mjs` in its own process group, on a fresh
 * database (the app uses the public schema), with workers on and no demo seed.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyWebhookSignature } from "@/lib/domain/webhooks/signature";
import {
  freePort,
  productionBuildSkipReason,
  serverPorts,
  signalGroup,
  startAppServer,
  waitFor,
  type TAppServer,
} from "@/lib/testing/app-server";
import { startReceiver, type TReceiverReply, type TTestReceiver } from "@/lib/testing/webhook-receiver";
import { LEASE_MS } from "./deliver-webhooks";

const DELIVERY_CODE = [
  "lib/server/jobs/deliver-webhooks.ts",
  "lib/server/jobs/webhook-delivery-job.ts",
  "lib/server/jobs/register-background-jobs.ts",
  "lib/server/webhooks/post-webhook.ts",
];
const N = 200;
const M = 40;

type TInstance = TAppServer;

function startInstance(name: string, port: number, databaseUrl: string, dataDir: string): TInstance {
  return startAppServer({
    name,
    port,
    env: {
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: "two-instances-test-secret-0123456789",
      MODELGATE_SEED: "none",
      MODELGATE_WORKERS: "on",
      MODELGATE_DATA_DIR: dataDir,
      // The receiver listens on 127.0.0.1 (webhook targets are screened, issue 16).
      MODELGATE_WEBHOOK_ALLOW_PRIVATE: "127.0.0.0/8",
      // 200 events from one test: keep the per-token write limit out of the way.
      MODELGATE_API_WRITES_PER_MINUTE: "100000",
    },
  });
}

const killGroup = (i: TInstance) => signalGroup(i, "SIGKILL");
const instancePorts = serverPorts;

const reason = productionBuildSkipReason(DELIVERY_CODE, { needsPostgres: true });
if (reason) {
  console.warn(`[two-instances] skipped: ${reason}`);
  it.skip(`two app instances on PostgreSQL deliver each webhook exactly once — skipped: ${reason}`, () => {});
} else {
  describe("two app instances on one PostgreSQL", () => {
    const dbName = `modelgate_two_instances_${randomBytes(3).toString("hex")}`;
    const adminUrl = process.env.TEST_DATABASE_URL!;
    const appUrl = (() => {
      const u = new URL(adminUrl);
      u.pathname = `/${dbName}`;
      return u.toString();
    })();
    const secret = `whsec_${randomBytes(32).toString("base64url")}`;
    const webhookId = `two-instances-${randomUUID()}`;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "mg-two-instances-"));
    const instances: TInstance[] = [];
    let reply: () => TReceiverReply = () => ({ status: 200 });
    let receiver: TTestReceiver;
    let db: pg.Client;

    const admin = async (sql: string) => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    };
    const count = async (sql: string, params: unknown[] = []) =>
      Number((await db.query<{ n: string }>(sql, params)).rows[0]!.n);
    const enqueue = (prefix: string, n: number) =>
      db.query(
        `WITH ev AS (
           INSERT INTO outbox_events (id, type, payload)
           SELECT $1 || g, 'approval.requested', jsonb_build_object('type', 'approval.requested', 'occurredAt', now(), 'data', jsonb_build_object('n', g))
           FROM generate_series(1, $2::int) AS g RETURNING id)
         INSERT INTO webhook_deliveries (id, "webhookId", "eventId") SELECT 'dl-' || id, $3, id FROM ev`,
        [prefix, n, webhookId],
      );

    beforeAll(async () => {
      await admin(`CREATE DATABASE "${dbName}"`);
      receiver = await startReceiver(() => reply());
      const ports = [await freePort(), await freePort()];
      // Both start at once: they race for the migrations too (serialised by the migrator's advisory lock).
      instances.push(
        startInstance("instance A", ports[0]!, appUrl, path.join(dataDir, "a")),
        startInstance("instance B", ports[1]!, appUrl, path.join(dataDir, "b")),
      );
      for (const i of instances) {
        await waitFor(
          `${i.name} to serve`,
          async () => (await fetch(`http://127.0.0.1:${i.port}/api/v1/openapi.json`).catch(() => null))?.status === 200,
          150_000,
          instances,
          500,
        );
      }
      db = new pg.Client({ connectionString: appUrl });
      await db.connect();
      await db.query(
        `INSERT INTO webhooks (id, url, secret, events, description) VALUES ($1, $2, $3, '{*}', 'two-instance test receiver')`,
        [webhookId, receiver.url, secret],
      );
    }, 200_000);

    afterAll(async () => {
      for (const i of instances) killGroup(i);
      await db?.end().catch(() => undefined);
      await receiver?.close();
      await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch((err: unknown) =>
        console.warn(`[two-instances] could not drop ${dbName}:`, err),
      );
      rmSync(dataDir, { recursive: true, force: true });
    }, 60_000);

    it(`deliver ${N} events exactly once between them, each signed`, async () => {
      // Each instance keeps at most 100 POSTs in flight, and answers take two seconds: the first to claim takes
      // 100 and is still waiting when the other's worker ticks (every second) and claims the rest.
      reply = () => ({ status: 200, delayMs: 2_000 });
      await enqueue("p1-", N);
      const seen = instances.map(() => new Set<number>());
      const sample = () => instances.forEach((i, k) => instancePorts(i).forEach((p) => seen[k]!.add(p)));
      await waitFor(
        `${N} deliveries to succeed`,
        async () => {
          sample();
          return (
            (await count(
              `SELECT count(*) AS n FROM webhook_deliveries WHERE "eventId" LIKE 'p1-%' AND status = 'SUCCEEDED'`,
            )) === N
          );
        },
        120_000,
        instances,
      );
      sample();
      const hits = receiver.hits.filter((h) => h.eventId.startsWith("p1-"));
      const perEvent = receiver.countByEvent();
      expect(hits).toHaveLength(N);
      expect([...perEvent].filter(([id]) => id.startsWith("p1-")).every(([, n]) => n === 1)).toBe(true);
      expect(new Set(hits.map((h) => h.eventId)).size).toBe(N);
      expect(
        await count(
          `SELECT count(*) AS n FROM delivery_attempts a JOIN webhook_deliveries d ON d.id = a."deliveryId" WHERE d."eventId" LIKE 'p1-%'`,
        ),
      ).toBe(N);
      for (const h of hits) expect((await verifyWebhookSignature(secret, h.signature, h.body)).ok).toBe(true);
      if (existsSync("/proc/net/tcp")) {
        // Both instances did deliver: requests came from sockets held by each of them.
        const byInstance = seen.map((ports) => hits.filter((h) => ports.has(h.remotePort)).length);
        console.info(`[two-instances] ${N} events: instance A sent ${byInstance[0]}, instance B sent ${byInstance[1]}`);
        expect(byInstance[0], `requests sent by instance A (B sent ${byInstance[1]})`).toBeGreaterThan(0);
        expect(byInstance[1], `requests sent by instance B (A sent ${byInstance[0]})`).toBeGreaterThan(0);
      }
    }, 240_000);

    it(`lose nothing when one is killed (SIGKILL) mid-delivery: the survivor delivers its claims after the ${LEASE_MS / 1000} s lease`, async () => {
      reply = () => ({ status: 200, delayMs: 3_000 });
      await enqueue("p2-", M);
      // Wait until requests are in flight (received, not yet answered), then kill the instance holding most of them.
      await waitFor(
        "requests in flight",
        async () => receiver.hits.filter((h) => h.eventId.startsWith("p2-")).length >= 10,
        60_000,
        instances,
        100,
      );
      const inFlight = receiver.hits.filter((h) => h.eventId.startsWith("p2-"));
      const owned = instances.map((i) => {
        const ports = instancePorts(i);
        return inFlight.filter((h) => ports.has(h.remotePort)).length;
      });
      const victim = owned[1]! > owned[0]! ? instances[1]! : instances[0]!;
      const survivor = instances.find((i) => i !== victim)!;
      killGroup(victim);
      const killedAt = Date.now();
      reply = () => ({ status: 200, delayMs: 50 });

      await waitFor(
        `${M} deliveries to succeed through ${survivor.name}`,
        async () =>
          (await count(
            `SELECT count(*) AS n FROM webhook_deliveries WHERE "eventId" LIKE 'p2-%' AND status = 'SUCCEEDED'`,
          )) === M,
        150_000,
        [survivor],
      );
      const hits = receiver.hits.filter((h) => h.eventId.startsWith("p2-"));
      const perEvent = new Map<string, number>();
      for (const h of hits) perEvent.set(h.eventId, (perEvent.get(h.eventId) ?? 0) + 1);
      // At least once: every event arrived; the ones the victim had sent but not recorded arrived twice.
      expect(perEvent.size).toBe(M);
      const twice = [...perEvent].filter(([, n]) => n > 1).map(([id]) => id);
      expect([...perEvent.values()].every((n) => n <= 2)).toBe(true);
      if (owned.some((n) => n > 0)) {
        expect(twice.length).toBeGreaterThan(0);
        // Those were re-sent only after the victim's lease ran out, and recorded once, by the survivor.
        const resent = hits.filter((h) => twice.includes(h.eventId) && h.receivedAt > killedAt);
        const after = Math.min(...resent.map((h) => h.receivedAt)) - killedAt;
        console.info(
          `[two-instances] killed ${victim.name} with ${owned[instances.indexOf(victim)]} requests in flight; ${twice.length} events re-sent by ${survivor.name}, the first ${(after / 1000).toFixed(1)} s after the kill`,
        );
        expect(after).toBeGreaterThan(LEASE_MS - 10_000);
      }
      // A re-sent event is a new attempt (the dead instance's lease counts as attempt 1) with the same event id.
      expect(
        await count(`SELECT count(*) AS n FROM webhook_deliveries WHERE "eventId" LIKE 'p2-%' AND attempts = 1`),
      ).toBe(M - twice.length);
      for (const id of twice)
        expect(
          hits
            .filter((h) => h.eventId === id)
            .map((h) => h.attempt)
            .sort(),
        ).toEqual([1, 2]);
      for (const h of hits) expect((await verifyWebhookSignature(secret, h.signature, h.body)).ok).toBe(true);
    }, 240_000);
  });
}
