/**
 * The artifact proxy's throughput and memory (issue 20). For files of 1 MiB, 100 MiB and 1 GiB on both stores
 * (the local filesystem, and S3 against an s3rver on 127.0.0.1), upload (PUT, raw body, as MLflow's client sends
 * it) and download (GET) MB/s through the proxy, beside the floor: `cp` of the same file on the same disk for the
 * local store, the AWS SDK straight to the same s3rver for S3. Then a 2 GiB upload and download per store with the
 * server's RSS sampled every 50 ms (the goal: it rises by less than 100 MiB). The proxy server is a child process
 * (bench/artifacts/server.ts), so the RSS is its own.
 *
 * `npm run bench -- artifacts` (BENCH_ARTIFACT_SIZES=1,100 to run only some sizes in MiB; BENCH_ARTIFACT_RSS=0 to
 * skip the 2 GiB runs).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { request } from "node:http";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createInterface } from "node:readline";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { load } from "./in-process";

const MiB = 1024 * 1024;
const SIZES = (process.env.BENCH_ARTIFACT_SIZES ?? "1,100,1024").split(",").map(Number);
const RSS = process.env.BENCH_ARTIFACT_RSS !== "0";
const RSS_SIZE = 2048 * MiB;

type TServer = { child: ChildProcess; port: number; token: string; root: string };

async function startProxy(env: Record<string, string>): Promise<TServer> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "artifacts/server.ts")], {
    env: { ...process.env, ...env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`proxy server exited (${code})`)));
  });
  return { child, ...(JSON.parse(line) as { port: number; token: string; root: string }) };
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : 0;
}

/** Runs fn while sampling the server's RSS; returns fn's seconds and the highest RSS seen. */
async function sampled(pid: number, fn: () => Promise<void>): Promise<{ seconds: number; peak: number }> {
  let peak = rssMiB(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 50);
  const t0 = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, rssMiB(pid));
  return { seconds: (performance.now() - t0) / 1000, peak };
}

function put(s: TServer, key: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent: false,
        host: "127.0.0.1",
        port: s.port,
        method: "PUT",
        path: `/api/2.0/mlflow-artifacts/artifacts/${s.root}/${key}`,
        headers: {
          authorization: `Bearer ${s.token}`,
          "content-type": "application/octet-stream",
          "content-length": statSync(file).size,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`PUT answered ${res.statusCode}`))));
      },
    );
    req.on("error", reject);
    createReadStream(file, { highWaterMark: MiB }).pipe(req);
  });
}

function get(s: TServer, key: string, out: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent: false,
        host: "127.0.0.1",
        port: s.port,
        method: "GET",
        path: `/api/2.0/mlflow-artifacts/artifacts/${s.root}/${key}`,
        headers: { authorization: `Bearer ${s.token}` },
      },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`GET answered ${res.statusCode}`));
        pipeline(res, createWriteStream(out)).then(() => resolve(statSync(out).size), reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

function makeFile(dir: string, size: number): string {
  const file = path.join(dir, `src-${size / MiB}MiB.bin`);
  const block = randomBytes(MiB);
  const fd = createWriteStream(file);
  return new Promise<string>((resolve, reject) => {
    let written = 0;
    const write = () => {
      while (written < size) {
        written += MiB;
        if (!fd.write(block)) return void fd.once("drain", write);
      }
      fd.end(() => resolve(file));
    };
    fd.on("error", reject);
    write();
  }) as unknown as string;
}

const mbps = (bytes: number, s: number) => bytes / 1e6 / s;
const fmt = (x: number) => x.toFixed(0).padStart(6);

type TRow = { store: string; size: string; upload: number; download: number; floorUp: number; floorDown: number };

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), "mg-artifact-bench-"));
  const { startS3Server } = load("../lib/testing/s3-server") as typeof import("../lib/testing/s3-server");
  const s3 = await startS3Server("bench-artifacts");
  const rows: TRow[] = [];
  const rss: {
    store: string;
    baseline: number;
    upload: number;
    download: number;
    upSeconds: number;
    downSeconds: number;
  }[] = [];
  const servers: TServer[] = [];
  try {
    const files = new Map<number, string>();
    for (const mib of [...SIZES, ...(RSS ? [RSS_SIZE / MiB] : [])])
      files.set(mib, await (makeFile(work, mib * MiB) as unknown as Promise<string>));
    const localDir = path.join(work, "store");
    const local = await startProxy({ BENCH_STORE: "local", BENCH_ARTIFACT_DIR: localDir });
    const remote = await startProxy({ BENCH_STORE: "s3", BENCH_S3_ENDPOINT: s3.endpoint, BENCH_S3_BUCKET: s3.bucket });
    servers.push(local, remote);
    const sdk = s3.store("").client;

    for (const [name, server] of [
      ["local", local],
      ["s3", remote],
    ] as const) {
      // Warm-up (JIT, connection pools, the token lookup): one 16 MiB round trip, not counted.
      const warm = await (makeFile(work, 16 * MiB) as unknown as Promise<string>);
      for (let i = 0; i < 3; i++) {
        await put(server, "bench/warm.bin", warm);
        await get(server, "bench/warm.bin", path.join(work, "warm.out"));
      }
      for (const mib of SIZES) {
        const file = files.get(mib)!;
        const bytes = mib * MiB;
        const key = `bench/${mib}.bin`;
        const out = path.join(work, `out-${name}-${mib}.bin`);
        // The median of 5 (1 GiB and more: 1) transfers each way.
        const times = { up: [] as number[], down: [] as number[] };
        for (let i = 0; i < (mib >= 1024 ? 1 : 5); i++) {
          times.up.push((await sampled(server.child.pid!, () => put(server, key, file))).seconds);
          times.down.push(
            (
              await sampled(server.child.pid!, async () => {
                if ((await get(server, key, out)) !== bytes) throw new Error("short download");
              })
            ).seconds,
          );
          rmSync(out);
        }
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
        const up = { seconds: median(times.up) };
        const down = { seconds: median(times.down) };
        let floorUp: number;
        let floorDown: number;
        if (name === "local") {
          const t0 = performance.now();
          execFileSync("cp", [file, out]);
          floorUp = floorDown = (performance.now() - t0) / 1000;
          rmSync(out);
        } else {
          let t0 = performance.now();
          await new Upload({
            client: sdk,
            params: {
              Bucket: s3.bucket,
              Key: `floor/${mib}.bin`,
              Body: createReadStream(file, { highWaterMark: MiB }),
            },
            partSize: 8 * MiB,
            queueSize: 2,
          }).done();
          floorUp = (performance.now() - t0) / 1000;
          t0 = performance.now();
          const obj = await sdk.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `floor/${mib}.bin` }));
          await pipeline(obj.Body as NodeJS.ReadableStream, createWriteStream(out));
          floorDown = (performance.now() - t0) / 1000;
          rmSync(out);
        }
        rows.push({
          store: name,
          size: `${mib} MiB`,
          upload: mbps(bytes, up.seconds),
          download: mbps(bytes, down.seconds),
          floorUp: mbps(bytes, floorUp),
          floorDown: mbps(bytes, floorDown),
        });
        console.log(
          `${name.padEnd(5)} ${`${mib} MiB`.padStart(8)}  upload ${fmt(mbps(bytes, up.seconds))} MB/s (floor ${fmt(mbps(bytes, floorUp))})  download ${fmt(mbps(bytes, down.seconds))} MB/s (floor ${fmt(mbps(bytes, floorDown))})`,
        );
      }
      if (RSS) {
        const file = files.get(RSS_SIZE / MiB)!;
        const out = path.join(work, `out-${name}-rss.bin`);
        const baseline = rssMiB(server.child.pid!);
        const up = await sampled(server.child.pid!, () => put(server, "bench/2GiB.bin", file));
        const down = await sampled(server.child.pid!, async () => {
          if ((await get(server, "bench/2GiB.bin", out)) !== RSS_SIZE) throw new Error("short download");
        });
        rmSync(out);
        rss.push({
          store: name,
          baseline,
          upload: up.peak - baseline,
          download: down.peak - baseline,
          upSeconds: up.seconds,
          downSeconds: down.seconds,
        });
        console.log(
          `${name.padEnd(5)} 2 GiB: server RSS ${baseline.toFixed(0)} MiB before; +${(up.peak - baseline).toFixed(0)} MiB at most during the upload (${mbps(RSS_SIZE, up.seconds).toFixed(0)} MB/s), +${(down.peak - baseline).toFixed(0)} MiB during the download (${mbps(RSS_SIZE, down.seconds).toFixed(0)} MB/s)`,
        );
      }
    }
  } finally {
    for (const s of servers) s.child.kill("SIGTERM");
    await s3.close();
    rmSync(work, { recursive: true, force: true });
  }
  console.log(
    "\n| store | size | upload MB/s | floor | % | download MB/s | floor | % |\n|---|---|---|---|---|---|---|---|",
  );
  for (const r of rows)
    console.log(
      `| ${r.store} | ${r.size} | ${r.upload.toFixed(0)} | ${r.floorUp.toFixed(0)} | ${((100 * r.upload) / r.floorUp).toFixed(0)}% | ${r.download.toFixed(0)} | ${r.floorDown.toFixed(0)} | ${((100 * r.download) / r.floorDown).toFixed(0)}% |`,
    );
  for (const r of rss)
    console.log(
      `RSS ${r.store}: baseline ${r.baseline.toFixed(0)} MiB, +${r.upload.toFixed(0)} MiB upload, +${r.download.toFixed(0)} MiB download (goal < 100 MiB: ${r.upload < 100 && r.download < 100 ? "met" : "MISSED"})`,
    );
  console.log(
    `load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
  writeFileSync(
    path.join(os.tmpdir(), "mg-artifact-bench.json"),
    JSON.stringify({ rows, rss, load: os.loadavg() }, null, 2),
  );
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
