import "server-only";
import pino, { type Logger } from "pino";
import { getEnv } from "@/lib/env";

/**
 * The process's structured logger: one JSON object per line on stdout (pino), level from LOG_LEVEL.
 * Secrets never reach it by construction (request lines carry method, route template, status, duration,
 * actor id and request id only; bodies and headers are never logged), and `redact` is the safety net for
 * anything passed by mistake under a usual secret's name.
 */
export const REDACTED_KEYS = ["password", "passwordHash", "token", "tokenHash", "secret", "authorization", "cookie"];

const g = globalThis as unknown as { __modelgateLogger?: Logger };

export function getLogger(): Logger {
  if (!g.__modelgateLogger) {
    g.__modelgateLogger = createLogger(getEnv().LOG_LEVEL);
  }
  return g.__modelgateLogger;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const paths = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);
  const options: pino.LoggerOptions = {
    level,
    base: { service: "modelgate" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths, censor: "[redacted]" },
    formatters: { level: (label) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Tests capture log lines by installing a logger over their own stream. */
export function setLogger(logger: Logger | undefined): void {
  g.__modelgateLogger = logger;
}
