/**
 * Load drivers for the registry benchmark, all reporting the same figures from per-request latencies:
 * autocannon against the HTTP server, concurrent loops against the database (the floor), and
 * sequential page loads. Percentiles are exact (nearest rank over every recorded latency), not
 * autocannon's histogram, which stores whole milliseconds and reports p97.5 but no p95.
 */
import { createRequire } from "node:module";

export type TFigures = {
  count: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
};

type TAutocannonRequest = { method?: string; path?: string; headers?: Record<string, string> };
type TAutocannonOptions = {
  url: string;
  timeout: number;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  requests?: { method?: string; setupRequest?: (req: TAutocannonRequest) => TAutocannonRequest }[];
};
type TAutocannonResult = { errors: number; timeouts: number; non2xx: number; duration: number };
type TAutocannonRun = PromiseLike<TAutocannonResult> & {
  on(
    event: "response",
    listener: (client: unknown, statusCode: number, bytes: number, milliseconds: number) => void,
  ): void;
  on(event: "reqError", listener: (error: Error) => void): void;
};

// autocannon ships no types; this is the slice of its programmatic API the benchmark uses.
const autocannon = createRequire(__filename)("autocannon") as (options: TAutocannonOptions) => TAutocannonRun;

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(latencies: number[], seconds: number): TFigures {
  const sorted = Float64Array.from(latencies).sort();
  return {
    count: sorted.length,
    seconds,
    rps: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export type THttpLoad = {
  url: string;
  token: string;
  connections: number;
  seconds: number;
  /** Called for every request: the path to ask for (rotates ids and search terms). */
  nextPath: () => string;
};

/** Seconds before autocannon gives up on a response: long, so a queueing server's slowest answers are still measured. */
const TIMEOUT_SECONDS = 60;

export type THttpFigures = TFigures & { non2xx: number; errors: number; timeouts: number; errorMessages: string[] };

/** Runs autocannon; every response's latency (autocannon's own hrtime measure) is kept for exact percentiles. */
export async function runHttpLoad(load: THttpLoad): Promise<THttpFigures> {
  const latencies: number[] = [];
  let non2xx = 0;
  const run = autocannon({
    url: load.url,
    timeout: TIMEOUT_SECONDS,
    connections: load.connections,
    duration: load.seconds,
    headers: { authorization: `Bearer ${load.token}`, accept: "application/json" },
    requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: load.nextPath() }) }],
  });
  run.on("response", (_client, statusCode, _bytes, milliseconds) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(milliseconds);
    else non2xx++;
  });
  const errorMessages = new Set<string>();
  run.on("reqError", (error) => errorMessages.add(error.message));
  const result = await run;
  // autocannon counts a timeout as an error too.
  return {
    ...summarize(latencies, result.duration),
    non2xx,
    errors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    errorMessages: [...errorMessages],
  };
}

/** `concurrency` loops each running `task` back to back for `seconds`; the latency of every task is kept. */
export async function runLoops(
  concurrency: number,
  seconds: number,
  task: (iteration: number) => Promise<void>,
): Promise<TFigures> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let iteration = 0;
  const loop = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await task(iteration++);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return summarize(latencies, (performance.now() - started) / 1000);
}

/** `count` sequential runs of `task` (after it has been warmed up by the caller). */
export async function runSequential(count: number, task: () => Promise<void>): Promise<TFigures> {
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await task();
    latencies.push(performance.now() - t0);
  }
  return summarize(latencies, (performance.now() - started) / 1000);
}
