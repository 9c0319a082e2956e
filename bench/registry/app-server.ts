/**
 * The real production server for the registry benchmark: `node scripts/start.mjs` on the repository's
 * `.next` build, in its own process group so it and its `next start` child are stopped together.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");

/** Newest modification time under the folders and files a production build is made from. */
function newestSourceMtime(): number {
  let newest = 0;
  const visit = (target: string) => {
    if (!existsSync(target)) return;
    const stat = statSync(target);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(target)) visit(path.join(target, entry));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const part of [
    "app",
    "components",
    "lib",
    "prisma",
    "generated",
    "instrumentation.ts",
    "proxy.ts",
    "next.config.js",
  ])
    visit(path.join(ROOT, part));
  return newest;
}

/**
 * `npm run bench` serves the existing production build (`npm run build` makes it). When there is none,
 * it builds one here, once; when sources are newer than the build it says so, because the figures would
 * then describe old code. A rebuild is never forced: on a 2-core machine it costs minutes.
 */
export function ensureBuild(): void {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  if (!existsSync(buildId)) {
    console.log("No production build (.next/BUILD_ID): running `npm run build` once…");
    const build = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
    if (build.status !== 0) throw new Error("`npm run build` failed; the benchmark needs a production build.");
    return;
  }
  if (newestSourceMtime() > statSync(buildId).mtimeMs) {
    console.log(
      "warning: sources are newer than .next/BUILD_ID; run `npm run build` first or these figures describe the old build.",
    );
  }
}

export type TServer = {
  url: string;
  logPath: string;
  /** CPU time (user + system, ms) used so far by the server's processes; NaN where /proc is missing. */
  cpuMs(): number;
  stop(): Promise<void>;
};

let clockTicks: number | undefined;

/**
 * CPU time of every process in a process group, from /proc/<pid>/stat (utime + stime, fields 14–15).
 * CPU per request is the figure a shared machine cannot blur: other work lengthens latency, not this.
 */
function groupCpuMs(groupId: number): number {
  if (!existsSync("/proc/self/stat")) return Number.NaN;
  clockTicks ??= Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // The process ended meanwhile.
    }
    // Fields after the command name, which is in parentheses and may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === groupId) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / clockTicks;
}

const servers = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Last resort on any exit path: no server outlives the benchmark. */
process.on("exit", () => {
  for (const child of servers) killGroup(child, "SIGKILL");
});

function logTail(logPath: string): string {
  return existsSync(logPath) ? readFileSync(logPath, "utf8").split("\n").slice(-30).join("\n") : "(no log)";
}

/** Starts the server with `env` on `port`, waits until /login answers 200, or throws with the server's log. */
export async function startServer(opts: {
  port: number;
  env: Record<string, string>;
  logPath: string;
}): Promise<TServer> {
  // Benchmarks drive one token far past the per-token write limit (issue 16): its counting is measured, not its refusals.
  const env: NodeJS.ProcessEnv = {
    MODELGATE_RATE_LIMITS: "off",
    ...process.env,
    ...opts.env,
    PORT: String(opts.port),
    HOST: "127.0.0.1",
    NEXTAUTH_URL: `http://localhost:${opts.port}`,
    NODE_ENV: "production",
  };
  // The choice of database belongs to this run only, whatever the caller's shell exported.
  if (!opts.env.DATABASE_URL) delete env.DATABASE_URL;
  const log = openSync(opts.logPath, "w");
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  servers.add(child);
  const url = `http://127.0.0.1:${opts.port}`;
  const stop = async () => {
    killGroup(child, "SIGTERM");
    const exited = new Promise<void>((resolve) =>
      child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve()),
    );
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
    servers.delete(child);
  };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the server exited (code ${child.exitCode}):\n${logTail(opts.logPath)}`);
    try {
      const res = await fetch(`${url}/login`, { redirect: "manual" });
      await res.arrayBuffer();
      if (res.status === 200) return { url, stop, logPath: opts.logPath, cpuMs: () => groupCpuMs(child.pid!) };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`the server did not answer within 120 s:\n${logTail(opts.logPath)}`);
}
