/**
 * Drift engine benchmark: `npx tsx bench/drift.bench.ts`.
 * 50 numeric features × 100,000 reference × 100,000 current rows (seeded, Box–Muller normals, some
 * features shifted, rescaled or discretised). Times `numericDrift` over all features (best of 3 after a
 * warm-up), then — when `python3 -c "import scipy"` works — times the scipy/numpy equivalent on the same
 * bytes (ks_2samp asymp, wasserstein_distance, np.quantile edges, PSI, JS) and cross-checks the values.
 * Targets: ours < 1 s, ours/scipy ≤ 0.25.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { numericDrift, type TNumericDriftResult } from "../lib/domain/drift";
import { createRng } from "../prisma/seed/demo-portfolio";

const FEATURES = 50;
const REFERENCE_ROWS = 100_000;
const CURRENT_ROWS = 100_000;
const RUNS = 3;
const SEED = 20_261_123;
const STAT_KEYS = ["ks_statistic", "ks_pvalue", "wasserstein", "wasserstein_normed", "psi", "js_distance"] as const;

type TDataset = { reference: Float64Array[]; current: Float64Array[] };

/** Box–Muller; (1 − u) keeps the logarithm finite. */
function fillNormal(target: Float64Array, random: () => number, mean: number, sd: number, isDiscrete: boolean): void {
  for (let i = 0; i < target.length; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    target[i] = mean + sd * radius * Math.cos(angle);
    if (i + 1 < target.length) target[i + 1] = mean + sd * radius * Math.sin(angle);
  }
  if (isDiscrete) for (let i = 0; i < target.length; i++) target[i] = Math.round(target[i]);
}

/** Every 5th feature shifts by 0.25 sd, every 5th + 1 widens by 30 %, every 10th + 9 is rounded to integers. */
function generateDataset(): TDataset {
  const random = createRng(SEED);
  const reference: Float64Array[] = [];
  const current: Float64Array[] = [];
  for (let f = 0; f < FEATURES; f++) {
    const mean = (f % 11) * 3 - 10;
    const sd = 0.5 + (f % 7) * 0.75;
    const isDiscrete = f % 10 === 9;
    const ref = new Float64Array(REFERENCE_ROWS);
    const cur = new Float64Array(CURRENT_ROWS);
    fillNormal(ref, random, mean, sd, isDiscrete);
    fillNormal(cur, random, f % 5 === 0 ? mean + 0.25 * sd : mean, f % 5 === 1 ? sd * 1.3 : sd, isDiscrete);
    reference.push(ref);
    current.push(cur);
  }
  return { reference, current };
}

function runOurs(data: TDataset): TNumericDriftResult[] {
  return data.reference.map((ref, f) => numericDrift(ref, data.current[f]));
}

function bestOf<T>(runs: number, task: () => T): { seconds: number; result: T } {
  let result = task();
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    result = task();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return { seconds: best, result };
}

const PYTHON_PEER = String.raw`
import json, sys, time
import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon

path, features, n, m, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
data = np.fromfile(path, dtype="<f8").reshape(features, n + m)
QUANTILES = np.arange(0.1, 1.0, 0.1)

def drift(r, c):
    ks = stats.ks_2samp(r, c, method="asymp")
    w = stats.wasserstein_distance(r, c)
    sd = np.std(r)
    edges = np.unique(np.quantile(r, QUANTILES))
    p = np.bincount(np.searchsorted(edges, r, side="left"), minlength=len(edges) + 1) / len(r)
    q = np.bincount(np.searchsorted(edges, c, side="left"), minlength=len(edges) + 1) / len(c)
    pf, qf = np.where(p == 0, 1e-4, p), np.where(q == 0, 1e-4, q)
    psi = float(np.sum((qf - pf) * np.log(qf / pf)))
    js = float(jensenshannon(p, q, base=2))
    return [float(ks.statistic), float(ks.pvalue), float(w), float(w / sd if sd > 0 else w), psi, js]

def run_all():
    return [drift(data[f, :n], data[f, n:]) for f in range(features)]

results = run_all()
best = float("inf")
for _ in range(runs):
    start = time.perf_counter()
    results = run_all()
    best = min(best, time.perf_counter() - start)
print(json.dumps({"seconds": best, "results": results}))
`;

type TPeerOutcome = { seconds: number; results: number[][] } | { skipped: string };

function runScipyPeer(data: TDataset): TPeerOutcome {
  const probe = spawnSync("python3", ["-c", "import scipy, numpy"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) return { skipped: "python3 with scipy/numpy is not available" };
  const dir = mkdtempSync(path.join(os.tmpdir(), "modelgate-drift-bench-"));
  try {
    const rowLength = REFERENCE_ROWS + CURRENT_ROWS;
    const packed = new Float64Array(FEATURES * rowLength);
    for (let f = 0; f < FEATURES; f++) {
      packed.set(data.reference[f], f * rowLength);
      packed.set(data.current[f], f * rowLength + REFERENCE_ROWS);
    }
    const dataPath = path.join(dir, "features.f64");
    const scriptPath = path.join(dir, "drift_peer.py");
    // Float64Array bytes are little-endian on every platform Node supports, matching numpy's "<f8".
    writeFileSync(dataPath, new Uint8Array(packed.buffer));
    writeFileSync(scriptPath, PYTHON_PEER);
    const args = [scriptPath, dataPath, FEATURES, REFERENCE_ROWS, CURRENT_ROWS, RUNS].map(String);
    const peer = spawnSync("python3", args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60 * 1000 });
    if (peer.error || peer.status !== 0) {
      return { skipped: `scipy peer failed: ${peer.error?.message ?? peer.stderr.trim().slice(-500)}` };
    }
    return JSON.parse(peer.stdout) as { seconds: number; results: number[][] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Largest disagreement per statistic: relative, except the KS p-value, which is compared absolutely. */
function compareWithPeer(ours: TNumericDriftResult[], peer: number[][]): string[] {
  return STAT_KEYS.map((key, k) => {
    let worst = 0;
    ours.forEach((result, f) => {
      const mine = result[key] ?? Number.NaN;
      const theirs = peer[f][k];
      const difference = Math.abs(mine - theirs);
      const error = key === "ks_pvalue" ? difference : difference / Math.max(Math.abs(theirs), Number.MIN_VALUE);
      worst = Math.max(worst, Number.isNaN(error) ? Number.POSITIVE_INFINITY : error);
    });
    return `${key} ${key === "ks_pvalue" ? "abs" : "rel"} ${worst.toExponential(2)}`;
  });
}

function main(): void {
  const data = generateDataset();
  const ours = bestOf(RUNS, () => runOurs(data));
  const drifted = ours.result.filter((r) => r.drifted).length;
  console.log(`drift bench: ${FEATURES} numeric features × ${REFERENCE_ROWS} reference × ${CURRENT_ROWS} current rows`);
  const perFeature = ((ours.seconds / FEATURES) * 1000).toFixed(1);
  console.log(
    `ours (numericDrift, best of ${RUNS}): ${ours.seconds.toFixed(3)} s (${perFeature} ms/feature, ${drifted} drifted)`,
  );
  const peer = runScipyPeer(data);
  if ("skipped" in peer) {
    console.log(`scipy peer skipped: ${peer.skipped}`);
    return;
  }
  console.log(`scipy/numpy (best of ${RUNS}): ${peer.seconds.toFixed(3)} s`);
  console.log(`ratio ours/scipy: ${(ours.seconds / peer.seconds).toFixed(3)}`);
  console.log(`max disagreement: ${compareWithPeer(ours.result, peer.results).join(", ")}`);
}

main();
