import { z } from "zod";
import { isGitWebUrlTemplate } from "@/lib/domain/versions/lineage-links";

/**
 * The only reader of process.env. Validated once; a bad value stops the app with a readable message.
 * DATABASE_URL starting with postgres(ql):// selects PostgreSQL; anything else (or nothing) selects
 * the embedded PGlite in MODELGATE_DATA_DIR.
 */
const ZEnv = z.object({
  DATABASE_URL: z.string().optional(),
  MODELGATE_DATA_DIR: z.string().default("./data/pglite"),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_NAME: z.string().default("Single sign-on"),
  // Just-in-time provisioning from the provider's groups (docs/DEPLOY.md, "Single sign-on").
  OIDC_AUTO_PROVISION: z.enum(["true", "false"]).default("false"),
  OIDC_ROLES_CLAIM: z.string().min(1).default("groups"),
  OIDC_ROLE_MAP: z.string().optional(),
  OIDC_TEAM_MAP: z.string().optional(),
  MODELGATE_SEED: z.enum(["demo", "none"]).default("demo"),
  MODELGATE_WORKERS: z.enum(["on", "off"]).default("on"),
  // MLflow compatibility (docs/MLFLOW.md): the alias that always names the live production version, and
  // where runs created through MLflow's API keep their artifacts (clients write there themselves).
  MODELGATE_MLFLOW_PRODUCTION_ALIAS: z
    .string()
    .regex(/^[\w-]{1,255}$/, "letters, digits, _ or -")
    .refine((a) => a.toLowerCase() !== "latest" && !/^v\d+$/i.test(a), "'latest' and v<digits> are reserved by MLflow")
    .default("champion"),
  MODELGATE_MLFLOW_ARTIFACT_ROOT: z.string().min(1).default("./mlruns"),
  // Abuse limits (docs/SECURITY.md): sign-in failures per account and per IP lock out for a while, and
  // each API token may write this many times per minute.
  MODELGATE_RATE_LIMITS: z.enum(["on", "off"]).default("on"),
  MODELGATE_SIGNIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  MODELGATE_SIGNIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(100),
  MODELGATE_SIGNIN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(15),
  MODELGATE_API_WRITES_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  // Webhook targets in these CIDR ranges are allowed although private/loopback (docs/SECURITY.md).
  MODELGATE_WEBHOOK_ALLOW_PRIVATE: z
    .string()
    .regex(
      /^\s*([0-9a-fA-F:.]+(\/\d{1,3})?\s*(,\s*|$))*$/,
      "a comma-separated list of CIDR ranges, e.g. 10.0.0.0/8,127.0.0.1/32",
    )
    .optional(),
  // Artifact store (docs/ARCHITECTURE.md "Artifacts (issue 20)"): the local directory, or S3 when a bucket is named.
  MODELGATE_ARTIFACT_DIR: z.string().min(1).optional(),
  MODELGATE_ARTIFACT_S3_BUCKET: z.string().min(3).optional(),
  MODELGATE_ARTIFACT_S3_PREFIX: z.string().default(""),
  MODELGATE_ARTIFACT_S3_ENDPOINT: z.string().url().optional(),
  MODELGATE_ARTIFACT_S3_REGION: z.string().min(1).default("us-east-1"),
  MODELGATE_ARTIFACT_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  MODELGATE_ARTIFACT_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  MODELGATE_ARTIFACT_S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).default("false"),
  // First administrator (docs/DEPLOY.md): created at start when the database has no active administrator.
  MODELGATE_ADMIN_EMAIL: z.email("MODELGATE_ADMIN_EMAIL must be an email address").optional(),
  MODELGATE_ADMIN_NAME: z.string().trim().min(1).max(120).optional(),
  MODELGATE_ADMIN_PASSWORD: z.string().optional(),
  MODELGATE_ADMIN_PASSWORD_FILE: z.string().optional(),
  // Self-service API tokens: the longest lifetime anyone may give a token (default and UI value: 90 days).
  MODELGATE_TOKEN_MAX_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  // Scheduled alert evaluation: once per this many seconds across every instance (a lease in job_leases).
  MODELGATE_ALERT_EVALUATION_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  // Daily retention job (lib/server/jobs/retention.ts). The audit log is never deleted.
  MODELGATE_RETENTION_POINTS_DAYS: z.coerce.number().int().min(1).default(400),
  MODELGATE_RETENTION_IDEMPOTENCY_HOURS: z.coerce.number().int().min(1).default(24),
  MODELGATE_RETENTION_DELIVERIES_DAYS: z.coerce.number().int().min(1).default(30),
  // Lineage links (issue 17): a version's git commit links to this page, {sha} replaced by the commit.
  MODELGATE_GIT_WEB_URL: z
    .string()
    .refine(isGitWebUrlTemplate, "an http(s) URL containing {sha}, e.g. https://github.com/org/repo/commit/{sha}")
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  MODELGATE_METRICS_TOKEN: z.string().min(16, "use at least 16 characters").optional(),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export type TEnv = z.infer<typeof ZEnv>;

let cached: TEnv | undefined;

export function getEnv(): TEnv {
  if (!cached) {
    const parsed = ZEnv.safeParse(process.env);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
      throw new Error(`Invalid environment:\n${lines.join("\n")}`);
    }
    cached = parsed.data;
  }
  return cached;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

/**
 * The secret that signs session cookies. `npm start` always provides one (scripts/start.mjs creates a
 * per-install secret when NEXTAUTH_SECRET is unset); a fixed fallback exists only for `next dev` and tests.
 */
export function getAuthSecret(): string {
  const env = getEnv();
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  if (env.NODE_ENV === "production") throw new Error("NEXTAUTH_SECRET must be set in production (npm start sets one).");
  return "modelgate-development-secret-not-for-production";
}

/** Tests change process.env between cases; the next getEnv() re-reads it. */
export function resetEnvCache(): void {
  cached = undefined;
}
