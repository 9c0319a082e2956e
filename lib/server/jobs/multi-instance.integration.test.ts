/**
 * Several real app instances on one PostgreSQL (issue 15): started at the same moment on an empty database they
 * both come up with the demo seeded once; scheduled alert evaluation runs once per period across them; SIGTERM
 * stops an instance within 10 s without delivering anything twice, and nothing is lost after its restart.
 * Like two-instances.integration.test.ts (both start servers through lib/testing/app-server.ts), it needs TEST_DATABASE_URL and a
 * production build newer than the code it exercises; otherwise it is skipped, saying why.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  freePort,
  productionBuildSkipReason,
  ROOT,
  serverLogLines,
  serverPorts,
  signalGroup,
  sleep,
  startAppServer,
  waitFor,
  type TAppServer,
} from "@/lib/testing/app-server";
import { startReceiver, type TReceiverReply, type TTestReceiver } from "@/lib/testing/webhook-receiver";

const CODE = [
  "lib/server/jobs/scheduler.ts",
  "lib/server/jobs/job-lease.ts",
  "lib/server/startup/shutdown.ts",
  "lib/server/startup/start-server.ts",
  "prisma/seed/seed-demo.ts",
  "lib/server/jobs/webhook-delivery-job.ts",
];
const PERIOD_S = 3;

type TInstance = TAppServer;

function startInstance(name: string, port: number, databaseUrl: string, dataDir: string): TInstance {
  return startAppServer({
    name,
    port,
    env: {
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: "multi-instance-test-secret-0123456789",
      MODELGATE_SEED: "demo",
      MODELGATE_WORKERS: "on",
      MODELGATE_ALERT_EVALUATION_SECONDS: String(PERIOD_S),
      MODELGATE_DATA_DIR: dataDir,
      // The test's webhook receiver listens on 127.0.0.1, which webhook targets may not be unless allowed (issue 16).
      MODELGATE_WEBHOOK_ALLOW_PRIVATE: "127.0.0.0/8",
      LOG_LEVEL: "info",
    },
  });
}

const instancePorts = serverPorts;
const logLines = serverLogLines;

function nginxBinary(): string | null {
  for (const p of ["/usr/sbin/nginx", "/usr/bin/nginx"]) if (existsSync(p)) return p;
  try {
    return execFileSync("which", ["nginx"], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

const ready = async (i: TInstance) =>
  (await fetch(`http://127.0.0.1:${i.port}/api/ready`).catch(() => null))?.status === 200;

const reason = productionBuildSkipReason(CODE, { needsPostgres: true });
if (reason) {
  console.warn(`[multi-instance] skipped: ${reason}`);
  it.skip(`several app instances on one PostgreSQL — skipped: ${reason}`, () => {});
} else {
  describe("several app instances on one PostgreSQL", () => {
    const dbName = `modelgate_multi_${randomBytes(3).toString("hex")}`;
    const adminUrl = process.env.TEST_DATABASE_URL!;
    const appUrl = (() => {
      const u = new URL(adminUrl);
      u.pathname = `/${dbName}`;
      return u.toString();
    })();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "mg-multi-"));
    const instances: TInstance[] = [];
    let receiver: TTestReceiver;
    let reply: () => TReceiverReply = () => ({ status: 200 });
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

    beforeAll(async () => {
      await admin(`CREATE DATABASE "${dbName}"`);
      receiver = await startReceiver(() => reply());
      const ports = [await freePort(), await freePort()];
      // Both at the same moment on an empty database: they race for the migrations and for the demo seed.
      instances.push(
        startInstance("instance A", ports[0]!, appUrl, path.join(dataDir, "a")),
        startInstance("instance B", ports[1]!, appUrl, path.join(dataDir, "b")),
      );
      for (const i of instances) await waitFor(`${i.name} to be ready`, () => ready(i), 240_000, instances, 500);
      db = new pg.Client({ connectionString: appUrl });
      await db.connect();
    }, 300_000);

    afterAll(async () => {
      for (const i of instances) signalGroup(i, "SIGKILL");
      await db?.end().catch(() => undefined);
      await receiver?.close();
      await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch((err: unknown) =>
        console.warn(`[multi-instance] could not drop ${dbName}:`, err),
      );
      rmSync(dataDir, { recursive: true, force: true });
    }, 60_000);

    it("both come up and the demo is seeded exactly once", async () => {
      for (const i of instances) expect(i.child.exitCode, i.name).toBeNull();
      const seeded = instances.flatMap((i) =>
        logLines(i)
          .filter((l) => l.event === "seed.done")
          .map(() => i.name),
      );
      expect(seeded).toHaveLength(1);
      expect(await count(`SELECT count(*) AS n FROM users`)).toBe(9);
      expect(await count(`SELECT count(*) AS n FROM models`)).toBe(12);
      expect(await count(`SELECT count(*) AS n FROM teams`)).toBe(3);
    });

    it(`evaluates the alert rules once per ${PERIOD_S} s period across both instances, for 3 periods`, async () => {
      const firstFull = Math.floor(Date.now() / (PERIOD_S * 1000)) + 1;
      const periods = [firstFull, firstFull + 1, firstFull + 2];
      await waitFor(
        "3 whole alert periods",
        async () => Math.floor(Date.now() / (PERIOD_S * 1000)) > firstFull + 3,
        30_000,
        instances,
        500,
      );
      await sleep(500);
      const runs = instances.flatMap((i) =>
        logLines(i)
          .filter((l) => l.event === "job.run" && l.job === "alert-evaluation")
          .map((l) => ({
            instance: i.name,
            period: l.period as number,
            ok: l.ok,
            evaluated: (l.result as { evaluated: number } | undefined)?.evaluated,
          })),
      );
      const rules = await count(`SELECT count(*) AS n FROM alert_rules WHERE enabled`);
      expect(rules).toBeGreaterThan(0);
      for (const p of periods) {
        const inPeriod = runs.filter((r) => r.period === p);
        expect(inPeriod, `period ${p}: ${JSON.stringify(runs)}`).toHaveLength(1);
        expect(inPeriod[0]).toMatchObject({ ok: true, evaluated: rules });
      }
      console.info(
        `[multi-instance] alert evaluation: ${periods.map((p) => runs.find((r) => r.period === p)!.instance).join(", ")} (one run per period, ${rules} rules each)`,
      );
    }, 60_000);

    const nginx = nginxBinary();
    it.skipIf(!nginx)(
      "behind nginx (docs/deploy/nginx.conf): spreads requests over both, keeps request ids, skips a dead upstream",
      async () => {
        const prefix = path.join(dataDir, "nginx");
        mkdirSync(path.join(prefix, "logs"), { recursive: true });
        const port = await freePort();
        const deadPort = await freePort();
        // The documented file, with this test's ports, a dead third upstream, and paths under a temporary prefix.
        const conf = readFileSync(path.join(ROOT, "docs/deploy/nginx.conf"), "utf8")
          .replace("server 127.0.0.1:3001", `server 127.0.0.1:${instances[0]!.port}`)
          .replace("server 127.0.0.1:3002", `server 127.0.0.1:${instances[1]!.port}`)
          .replace("keepalive 32;", `server 127.0.0.1:${deadPort} max_fails=1 fail_timeout=10s;\n    keepalive 32;`)
          .replace("listen 8080;", `listen 127.0.0.1:${port};`)
          .replace(
            "worker_processes auto;",
            `worker_processes 1;\ndaemon off;\npid ${prefix}/nginx.pid;\nerror_log ${prefix}/logs/error.log;`,
          )
          .replace(
            "http {",
            `http {\n  access_log off;\n  client_body_temp_path ${prefix}/body;\n  proxy_temp_path ${prefix}/proxy;\n  fastcgi_temp_path ${prefix}/fastcgi;\n  uwsgi_temp_path ${prefix}/uwsgi;\n  scgi_temp_path ${prefix}/scgi;`,
          );
        writeFileSync(path.join(prefix, "nginx.conf"), conf);
        const proc = spawn(nginx!, ["-p", prefix, "-c", path.join(prefix, "nginx.conf")], {
          stdio: ["ignore", "pipe", "pipe"],
        });
        let err = "";
        proc.stderr?.on("data", (c: Buffer) => (err += c.toString()));
        try {
          const base = `http://127.0.0.1:${port}`;
          await waitFor(
            `nginx to listen (${err})`,
            async () => (await fetch(`${base}/api/ready`).catch(() => null))?.status === 200,
            15_000,
            [],
            100,
          );
          const ids: string[] = [];
          for (let k = 0; k < 24; k++) {
            const id = `via-nginx-${k}`;
            const res = await fetch(`${base}/api/v1/teams`, { headers: { "x-request-id": id } });
            expect(res.status).toBe(401); // reached the app (no credentials), never a 502 from the dead upstream
            expect(res.headers.get("x-request-id")).toBe(id);
            ids.push(id);
          }
          const generated = await fetch(`${base}/api/v1/teams`);
          expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f]{32}$/); // nginx's $request_id
          expect((await fetch(`${base}/metrics`)).status).toBe(404);
          await sleep(300);
          const served = instances.map(
            (i) => logLines(i).filter((l) => l.event === "http.request" && ids.includes(l.requestId as string)).length,
          );
          console.info(
            `[multi-instance] through nginx: instance A served ${served[0]}, instance B ${served[1]} of ${ids.length}`,
          );
          expect(served[0]! + served[1]!).toBe(ids.length);
          expect(served[0]).toBeGreaterThan(0);
          expect(served[1]).toBeGreaterThan(0);
        } finally {
          proc.kill("SIGQUIT");
          await new Promise((r) => proc.once("exit", r));
        }
      },
      60_000,
    );

    it("SIGTERM during a burst of deliveries: exits within 10 s, nothing delivered twice, nothing lost after the restart", async () => {
      const webhookId = `multi-${randomUUID()}`;
      await db.query(
        `INSERT INTO webhooks (id, url, secret, events, description) VALUES ($1, $2, $3, '{*}', 'multi-instance receiver')`,
        [webhookId, receiver.url, `whsec_${randomBytes(32).toString("base64url")}`],
      );
      const N = 120;
      reply = () => ({ status: 200, delayMs: 1_500 });
      await db.query(
        `WITH ev AS (
           INSERT INTO outbox_events (id, type, payload)
           SELECT 'st-' || g, 'approval.requested', jsonb_build_object('type', 'approval.requested', 'occurredAt', now(), 'data', jsonb_build_object('n', g))
           FROM generate_series(1, $1::int) AS g RETURNING id)
         INSERT INTO webhook_deliveries (id, "webhookId", "eventId") SELECT 'dl-' || id, $2, id FROM ev`,
        [N, webhookId],
      );
      // Stop the instance holding requests in flight (received by the receiver, not yet answered).
      const inFlightOf = (i: TInstance) => {
        const ports = instancePorts(i);
        const answered = Date.now() - 1_500;
        return receiver.hits.filter(
          (h) => h.eventId.startsWith("st-") && h.receivedAt > answered && ports.has(h.remotePort),
        ).length;
      };
      await waitFor(
        "requests in flight at instance A",
        async () => inFlightOf(instances[0]!) >= 5,
        30_000,
        instances,
        50,
      );
      const victim = instances[0]!;
      const held = inFlightOf(victim);
      const sentAt = Date.now();
      signalGroup(victim, "SIGTERM");
      await waitFor(`${victim.name} to exit`, async () => victim.exitedAt !== undefined, 15_000, [], 50);
      const took = victim.exitedAt! - sentAt;
      const drained = logLines(victim).find((l) => l.event === "shutdown.drained");
      console.info(
        `[multi-instance] ${victim.name} had ${held} deliveries in flight; exited ${took} ms after SIGTERM (${JSON.stringify(drained)})`,
      );
      expect(held).toBeGreaterThan(0);
      expect(took).toBeLessThan(10_000);
      expect(drained).toBeDefined();

      // Restart it; the rest is delivered by both.
      reply = () => ({ status: 200, delayMs: 50 });
      const restarted = startInstance("instance A (restarted)", victim.port, appUrl, path.join(dataDir, "a"));
      instances[0] = restarted;
      await waitFor("the restarted instance to be ready", () => ready(restarted), 120_000, [restarted], 500);
      await waitFor(
        `${N} deliveries to succeed`,
        async () =>
          (await count(
            `SELECT count(*) AS n FROM webhook_deliveries WHERE "eventId" LIKE 'st-%' AND status = 'SUCCEEDED'`,
          )) === N,
        120_000,
        instances,
      );
      const perEvent = new Map<string, number>();
      for (const h of receiver.hits.filter((x) => x.eventId.startsWith("st-")))
        perEvent.set(h.eventId, (perEvent.get(h.eventId) ?? 0) + 1);
      expect(perEvent.size).toBe(N);
      expect([...perEvent].filter(([, n]) => n !== 1)).toEqual([]);
      expect(
        await count(`SELECT count(*) AS n FROM webhook_deliveries WHERE "eventId" LIKE 'st-%' AND attempts = 1`),
      ).toBe(N);
    }, 240_000);
  });
}
