/**
 * autocannon with a fresh JSON body per request (POST), for the write benchmark. Percentiles are exact over every
 * 2xx latency (bench/registry/load.ts `summarize`); each answer's body goes to `onAnswer`, so a scenario can keep
 * the ids it created (versions to promote, requests to approve), and the first refusals are kept to say why.
 */
import { createRequire } from "node:module";
import { summarize, type TFigures } from "../registry/load";

export type TPost = { path: string; token: string; body: unknown };
export type TPostFigures = TFigures & { non2xx: number; errors: number; timeouts: number; refusals: string[] };

type TRequest = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
type TOptions = {
  url: string;
  timeout: number;
  connections: number;
  duration?: number;
  amount?: number;
  requests: {
    method: string;
    setupRequest: (req: TRequest) => TRequest;
    onResponse: (status: number, body: string) => void;
  }[];
};
type TRun = PromiseLike<{ errors: number; timeouts: number; duration: number }> & {
  on(
    event: "response",
    listener: (client: unknown, statusCode: number, bytes: number, milliseconds: number) => void,
  ): void;
};

// autocannon ships no types; this is the slice of its programmatic API used here.
const autocannon = createRequire(__filename)("autocannon") as (options: TOptions) => TRun;

/**
 * `connections` closed-loop connections for `seconds`, or until `amount` answers when given (a scenario that can
 * only send as many requests as it has ids for). `next` builds each request.
 */
export async function runPostLoad(o: {
  url: string;
  connections: number;
  seconds: number;
  amount?: number;
  next: () => TPost;
  onAnswer?: (status: number, body: string) => void;
}): Promise<TPostFigures> {
  const latencies: number[] = [];
  let non2xx = 0;
  const refusals: string[] = [];
  const run = autocannon({
    url: o.url,
    timeout: 60,
    connections: o.connections,
    ...(o.amount !== undefined ? { amount: o.amount } : { duration: o.seconds }),
    requests: [
      {
        method: "POST",
        setupRequest: (req) => {
          const p = o.next();
          return {
            ...req,
            method: "POST",
            path: p.path,
            headers: {
              authorization: `Bearer ${p.token}`,
              "content-type": "application/json",
              accept: "application/json",
            },
            body: JSON.stringify(p.body),
          };
        },
        onResponse: (status, body) => {
          if ((status < 200 || status >= 300) && refusals.length < 3) refusals.push(`${status} ${body.slice(0, 300)}`);
          o.onAnswer?.(status, body);
        },
      },
    ],
  });
  run.on("response", (_client, statusCode, _bytes, milliseconds) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(milliseconds);
    else non2xx++;
  });
  const result = await run;
  return {
    ...summarize(latencies, result.duration),
    non2xx,
    errors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    refusals,
  };
}
