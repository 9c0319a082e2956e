/**
 * `npm run bench [-- <filter>]`: runs every bench/*.bench.ts (or only those whose file name contains
 * <filter>), one after the other, each in its own Node process so one benchmark's heap, JIT state and
 * child servers never colour the next one's figures. Prints each benchmark's own output as it comes,
 * then a summary; exits non-zero when a benchmark failed (a missed goal is a figure, not a failure).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

type TOutcome = { file: string; code: number | null; signal: NodeJS.Signals | null; seconds: number };

const BENCH_DIR = __dirname;
const ROOT = path.resolve(BENCH_DIR, "..");

let current: ChildProcess | undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // The benchmark stops its own servers on SIGTERM; then this runner leaves with the conventional code.
    current?.kill("SIGTERM");
    process.exit(130);
  });
}

function runOne(file: string): Promise<TOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    // `node --import tsx` is what the tsx CLI does, minus a wrapper process. The react-server condition
    // is how Next resolves server code: with it, lib/server's `import "server-only"` loads instead of throwing.
    const args = ["--conditions=react-server", "--import", "tsx", path.join(BENCH_DIR, file)];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: "inherit", env: process.env });
    current = child;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      current = undefined;
      resolve({ file, code, signal, seconds: (performance.now() - started) / 1000 });
    };
    child.on("error", (err) => {
      console.error(`cannot start ${file}: ${err.message}`);
      finish(1, null);
    });
    child.on("exit", finish);
  });
}

async function main(): Promise<void> {
  const filter = process.argv[2] ?? "";
  const files = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith(".bench.ts") && f.includes(filter))
    .sort();
  if (files.length === 0) {
    console.error(`No bench/*.bench.ts file${filter ? ` whose name contains "${filter}"` : ""}.`);
    process.exitCode = 1;
    return;
  }
  console.log(`Running ${files.length} benchmark${files.length > 1 ? "s" : ""}: ${files.join(", ")}\n`);
  const outcomes: TOutcome[] = [];
  for (const file of files) {
    console.log(`━━━ ${file} ━━━`);
    outcomes.push(await runOne(file));
    console.log("");
  }
  console.log("━━━ summary ━━━");
  const width = Math.max(...files.map((f) => f.length));
  for (const o of outcomes) {
    const status = o.code === 0 ? "ok" : o.signal ? `killed (${o.signal})` : `FAILED (exit ${o.code})`;
    console.log(`${o.file.padEnd(width)}  ${status.padEnd(16)} ${o.seconds.toFixed(1).padStart(7)} s`);
  }
  if (outcomes.some((o) => o.code !== 0)) process.exitCode = 1;
}

void main();
