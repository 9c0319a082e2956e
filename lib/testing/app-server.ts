/**
 * The production app as a child process, for tests that need real instances (several on one PostgreSQL,
 * SIGKILL and SIGTERM, single sign-on through the real callback): `node scripts/start.mjs` in its own
 * process group, its output kept for failure messages. Imported only by tests.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import net from "node:net";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const BUILD_ID = path.join(ROOT, ".next/BUILD_ID");

export type TAppServer = {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  output: string[];
  exitedAt?: number;
};

/**
 * Why a test of the production build cannot run here, or null: no build, a build older than the code the
 * test exercises (`code`, paths from the repository root), or no PostgreSQL when it needs one.
 */
export function productionBuildSkipReason(
  code: readonly string[],
  opts: { needsPostgres?: boolean } = {},
): string | null {
  if (opts.needsPostgres && !process.env.TEST_DATABASE_URL)
    return "TEST_DATABASE_URL is not set (the scenario needs PostgreSQL)";
  if (!existsSync(BUILD_ID)) return "no production build (.next/BUILD_ID missing): run `npm run build` first";
  const built = statSync(BUILD_ID).mtimeMs;
  const stale = code.filter((f) => statSync(path.join(ROOT, f)).mtimeMs > built);
  if (stale.length) return `the production build is older than ${stale.join(", ")}: run \`npm run build\` first`;
  return null;
}

/** A TCP port free on 127.0.0.1 at the time of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `check` until true. Fails at once, with its output, when one of `servers` exits on its own (not by a
 * signal the test sent), and after `timeoutMs` with every server's last output.
 */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  servers: TAppServer[] = [],
  everyMs = 250,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    const dead = servers.find((i) => i.child.exitCode !== null && i.child.signalCode === null);
    if (dead) throw new Error(`${dead.name} exited while waiting for ${what}:\n${dead.output.join("").slice(-3000)}`);
    if (Date.now() > until)
      throw new Error(
        `timed out waiting for ${what}\n${servers.map((i) => `--- ${i.name}\n${i.output.join("").slice(-2000)}`).join("\n")}`,
      );
    await sleep(everyMs);
  }
}

/**
 * Starts the production server on 127.0.0.1:`port` with the test's `env` over the process environment
 * (production mode, telemetry off). Its own process group, so a signal to the group reaches start.mjs and
 * the Next server it spawns.
 */
export function startAppServer(o: { name: string; port: number; env: Record<string, string> }): TAppServer {
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(o.port),
      HOST: "127.0.0.1",
      NEXT_TELEMETRY_DISABLED: "1",
      ...o.env,
    },
  });
  const server: TAppServer = { name: o.name, port: o.port, url: `http://127.0.0.1:${o.port}`, child, output: [] };
  child.stdout?.on("data", (c: Buffer) => server.output.push(c.toString()));
  child.stderr?.on("data", (c: Buffer) => server.output.push(c.toString()));
  child.on("exit", () => (server.exitedAt = Date.now()));
  return server;
}

/** Sends `signal` to the server's whole process group; a group already gone is fine. */
export function signalGroup(server: TAppServer, signal: NodeJS.Signals): void {
  try {
    process.kill(-server.child.pid!, signal);
  } catch {
    // already gone
  }
}

/** Local TCP ports of every socket the server's processes hold (Linux /proc): which instance sent a request. */
export function serverPorts(server: TAppServer): Set<number> {
  const ports = new Set<number>();
  if (!existsSync("/proc/net/tcp")) return ports;
  const inodes = new Set<string>();
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== server.child.pid) continue;
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (link.startsWith("socket:[")) inodes.add(link.slice(8, -1));
      }
    } catch {
      // a process or descriptor that vanished meanwhile
    }
  }
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && inodes.has(cols[9]!)) ports.add(parseInt(cols[1]!.split(":")[1]!, 16));
    }
  }
  return ports;
}

/** The server's JSON log lines (pino), parsed. */
export function serverLogLines(server: TAppServer): Record<string, unknown>[] {
  return server.output
    .join("")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}
