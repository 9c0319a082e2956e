import { randomBytes } from "node:crypto";
import net from "node:net";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { GET as ready } from "@/app/api/ready/route";
import { createPrismaClient, installDatabase } from "@/lib/db/client";
import { connect } from "@/lib/db/connect";
import { applyMigrations } from "@/lib/db/migrate";
import { useTestDatabase } from "@/lib/testing/test-db";

const readiness = async () => {
  const res = await ready();
  return { status: res.status, body: (await res.json()) as { status: string; reason?: string } };
};

describe("GET /api/ready", () => {
  const db = useTestDatabase();

  it("is 200 on a migrated database and 503 naming the migration while one is pending", async () => {
    expect(await readiness()).toEqual({ status: 200, body: { status: "ready" } });
    const [last] = await db.connection.runner.query<{ id: string; migration_name: string }>(
      `SELECT id, migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`,
    );
    await db.connection.runner.query(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE id = $1`, [
      last!.id,
    ]);
    const r = await readiness();
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ status: "unavailable", reason: `migrations pending: ${last!.migration_name}` });
    await db.connection.runner.query(`UPDATE "_prisma_migrations" SET rolled_back_at = NULL WHERE id = $1`, [last!.id]);
    expect((await readiness()).status).toBe(200);
  });
});

/** A TCP proxy in front of the real PostgreSQL that the test can stop (the database becomes unreachable) and restart. */
function tcpProxy(target: { host: string; port: number }) {
  let server: net.Server | null = null;
  const sockets = new Set<net.Socket>();
  let port = 0;
  return {
    get port() {
      return port;
    },
    async start() {
      server = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("close", () => sockets.delete(s));
          s.on("error", () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", () => resolve()));
      port = (server!.address() as net.AddressInfo).port;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = null;
    },
  };
}

const url = process.env.TEST_DATABASE_URL;
describe.skipIf(!url)("GET /api/ready while PostgreSQL goes away and comes back (no restart)", () => {
  it("answers 503 with the reason while the database is unreachable, then 200 again", async () => {
    const target = new URL(url!);
    const proxy = tcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    await proxy.start();
    const schema = `t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    const viaProxy = new URL(url!);
    viaProxy.port = String(proxy.port);
    const connection = await connect({ url: viaProxy.toString(), schema, poolSize: 4 });
    try {
      await applyMigrations(connection.runner);
      installDatabase({ connection, prisma: createPrismaClient(connection) });
      expect(await readiness()).toEqual({ status: 200, body: { status: "ready" } });

      await proxy.stop();
      const down = await readiness();
      expect(down.status).toBe(503);
      expect(down.body.status).toBe("unavailable");
      expect(down.body.reason).toMatch(/^database unreachable: /);
      expect((await readiness()).status).toBe(503);

      await proxy.start(); // same port: the app's pool reconnects by itself
      let back = await readiness();
      for (let i = 0; back.status !== 200 && i < 20; i++) {
        await new Promise((r) => setTimeout(r, 100));
        back = await readiness();
      }
      expect(back).toEqual({ status: 200, body: { status: "ready" } });
    } finally {
      await connection.close().catch(() => {});
      await proxy.stop();
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      await admin.end();
    }
  });
});
