import "server-only";
import { createHash } from "node:crypto";
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { getDb, openDatabase } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * rate-limiter-flexible counters: the PostgreSQL store (table rate_limits, migration 20261201110000) when the
 * database is PostgreSQL, so every instance shares them; the memory store on PGlite, where one process owns
 * the database anyway. Queries go through the app's Prisma client, so they follow its connection (and the
 * test schemas). Keys are hashed: an email or a token id must not be stored in the clear, and the column
 * is 255 characters.
 */
type TLimiterSpec = {
  name: string;
  points: number;
  durationSec: number;
  blockSec?: number;
  /**
   * "shared" (default): PostgreSQL when the database is PostgreSQL, so every instance counts together — what
   * account and IP limits against guessing need. "instance": memory, per process — for the API write limit,
   * which protects an instance's capacity, not an account, and must not add a statement to every write
   * (issue 13's statement budgets): with N instances a token may send N × the limit, which is still a limit.
   */
  store?: "shared" | "instance";
};

const limiters = new Map<string, Promise<RateLimiterAbstract>>();

type TQuery = { text: string; values?: unknown[] };

/** pg's `query({text, values})` over Prisma's raw queries; BIGINT comes back as a JS number. */
const prismaStoreClient = {
  async query(q: TQuery) {
    const db = await getDb();
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(q.text, ...(q.values ?? []));
    const out = rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])),
    );
    return { rows: out, rowCount: out.length };
  },
};

/** The limiter for `spec`, created once per process and configuration. */
export function getLimiter(spec: TLimiterSpec): Promise<RateLimiterAbstract> {
  const id = `${spec.name}:${spec.points}:${spec.durationSec}:${spec.blockSec ?? 0}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = (async () => {
      const opts = {
        keyPrefix: spec.name,
        points: spec.points,
        duration: spec.durationSec,
        blockDuration: spec.blockSec ?? 0,
      };
      const { connection } = await openDatabase();
      if (connection.kind !== "postgres" || spec.store === "instance") return new RateLimiterMemory(opts);
      return new RateLimiterPostgres({
        ...opts,
        storeClient: prismaStoreClient,
        storeType: "pool",
        tableName: "rate_limits",
        tableCreated: true,
        clearExpiredByTimeout: true,
      });
    })();
    limiters.set(id, limiter);
  }
  return limiter;
}

export function limiterKey(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\n")).digest("base64url");
}

/** Seconds until a refused key may try again (at least 1), for Retry-After. */
export function retryAfterSeconds(res: { msBeforeNext: number }): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/** A 429 problem with Retry-After (`retryAfter` becomes the header in problemResponse and the MLflow wrapper). */
export function rateLimited(detail: string, retryAfter: number): AppError {
  return new AppError("RATE_LIMITED", detail, { extra: { retryAfter } });
}

/**
 * Consumes `points` for `key`; a refusal comes back as the limiter's result, while real errors (database
 * unreachable) propagate to the caller's error mapping.
 */
export async function consume(
  limiter: RateLimiterAbstract,
  key: string,
  points = 1,
): Promise<{ ok: true; res: RateLimiterRes } | { ok: false; res: RateLimiterRes }> {
  try {
    return { ok: true, res: await limiter.consume(key, points) };
  } catch (err) {
    if (err instanceof RateLimiterRes) return { ok: false, res: err };
    throw err;
  }
}

/**
 * API writes per token (MODELGATE_API_WRITES_PER_MINUTE, generous by default: a runaway pipeline is slowed,
 * a busy one is not). Reads and browser sessions are not counted. 429 with Retry-After when exceeded.
 */
export async function assertTokenWriteAllowed(actor: TActor, method: string): Promise<void> {
  if (actor.kind !== "token" || !actor.tokenId || method === "GET" || method === "HEAD") return;
  const env = getEnv();
  if (env.MODELGATE_RATE_LIMITS === "off") return;
  const limiter = await getLimiter({
    name: "api_writes",
    points: env.MODELGATE_API_WRITES_PER_MINUTE,
    durationSec: 60,
    store: "instance",
  });
  const r = await consume(limiter, limiterKey(actor.tokenId));
  if (!r.ok)
    throw rateLimited(
      `This token sent more than ${env.MODELGATE_API_WRITES_PER_MINUTE} writes in a minute. Retry in ${retryAfterSeconds(r.res)} s.`,
      retryAfterSeconds(r.res),
    );
}
