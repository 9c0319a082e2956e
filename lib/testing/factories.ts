import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import type { Db } from "@/lib/db/client";
import type { TActor, TRole, TTokenScope } from "@/lib/domain/rbac/permissions";
import { generateApiToken } from "@/lib/server/auth/api-tokens";
import { hashPassword } from "@/lib/server/auth/password";
import { signSudo, sudoCookieName } from "@/lib/server/auth/sudo";
import { getAuthSecret } from "@/lib/env";

/** A unique suffix so tests never collide on unique columns, whatever order they run in. */
export function uniq(prefix = "t"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export async function createTestTeam(db: Db) {
  const slug = uniq("team");
  return db.team.create({ data: { slug, name: slug } });
}

export async function createTestUser(
  db: Db,
  opts: { roles: TRole[]; active?: boolean; teamId?: string; password?: string },
) {
  const email = `${uniq("user")}@test.local`;
  const user = await db.user.create({
    data: {
      email,
      name: email.split("@")[0]!,
      roles: opts.roles,
      active: opts.active ?? true,
      teamId: opts.teamId ?? null,
      passwordHash: opts.password ? await hashPassword(opts.password) : null,
    },
  });
  const actor: TActor = {
    kind: "user",
    userId: user.id,
    email,
    name: user.name,
    roles: opts.roles,
    teamId: user.teamId,
  };
  return { user, actor };
}

/** Stores a hashed API token for the user and returns the plain token, as a CI pipeline would hold it. */
export async function createTestToken(
  db: Db,
  userId: string,
  scopes: TTokenScope[],
  opts: { revoked?: boolean; expired?: boolean } = {},
) {
  const t = generateApiToken();
  await db.apiToken.create({
    data: {
      name: uniq("token"),
      prefix: t.prefix,
      tokenHash: t.hash,
      scopes,
      userId,
      revokedAt: opts.revoked ? new Date() : null,
      expiresAt: opts.expired ? new Date(Date.now() - 1000) : null,
    },
  });
  return t.token;
}

/**
 * A next-auth session cookie for the user, signed with the app's secret, as the browser would send it.
 * `sv` is the session version it was issued at (default 0, a fresh user's); `sudo` adds a sudo-mode proof
 * for this session, as after "confirm your password".
 */
export async function sessionCookie(
  userId: string,
  opts: { sv?: number; sid?: string; sudo?: boolean } = {},
): Promise<string> {
  const sid = opts.sid ?? randomBytes(8).toString("hex");
  const jwt = await encode({ token: { uid: userId, sub: userId, sv: opts.sv ?? 0, sid }, secret: getAuthSecret() });
  const sudo = opts.sudo
    ? `; ${sudoCookieName()}=${signSudo({ userId, sessionId: sid, sessionVersion: opts.sv ?? 0 }).value}`
    : "";
  return `next-auth.session-token=${jwt}${sudo}`;
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route handler in-process with a real Request; returns status, headers and parsed JSON. */
export async function callRoute(
  handler: Handler,
  opts: {
    method?: string;
    path?: string;
    token?: string;
    cookie?: string;
    body?: unknown;
    rawBody?: string;
    contentType?: string;
    params?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  let body: string | undefined;
  if (opts.body !== undefined || opts.rawBody !== undefined) {
    body = opts.rawBody ?? JSON.stringify(opts.body);
    headers["content-type"] = opts.contentType ?? "application/json";
  }
  const req = new Request(`http://localhost${opts.path ?? "/"}`, { method: opts.method ?? "GET", headers, body });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as any) : null };
}

/** The default gate policies of DESIGN.md 2.3, as the demo seed writes them. */
export async function seedDefaultPolicies(db: Db) {
  const { defaultGateRequirements } = await import("@/lib/domain/gates/policy");
  for (const stage of ["INDUSTRIALIZATION", "UAT", "DEPLOYMENT", "MONITORING"] as const) {
    for (const criticality of ["INTERNAL", "MISSION_CRITICAL"] as const) {
      const exists = await db.gatePolicy.findFirst({ where: { targetStage: stage, criticality, isCurrent: true } });
      if (!exists)
        await db.gatePolicy.create({
          data: {
            targetStage: stage,
            criticality,
            version: 1,
            requirements: defaultGateRequirements(stage, criticality)!,
          },
        });
    }
  }
}

/** A team with one person per role (plus a data scientist of another team), each with a write+read token. */
export async function createCast(db: Db) {
  const team = await createTestTeam(db);
  const other = await createTestTeam(db);
  const mk = async (roles: TRole[], teamId: string) => {
    const u = await createTestUser(db, { roles, teamId });
    return { ...u, token: await createTestToken(db, u.user.id, ["read", "write", "ingest"]) };
  };
  return {
    team,
    otherTeam: other,
    ds: await mk(["DATA_SCIENTIST"], team.id),
    ds2: await mk(["DATA_SCIENTIST"], team.id),
    outsider: await mk(["DATA_SCIENTIST"], other.id),
    it: await mk(["IT_OPS"], other.id),
    it2: await mk(["IT_OPS"], other.id),
    manager: await mk(["MANAGER"], team.id),
    admin: await mk(["ADMIN"], other.id),
  };
}

/**
 * A model written straight into the database (no API, no audit): for tests that craft portfolio data.
 * Each version gets one DESIGN stage-history entry at its creation, plus an ACTIVE production deployment
 * when `production` is set. Returns the model and its versions in order.
 */
export async function createTestModel(
  db: Db,
  opts: {
    teamId: string;
    dsOwnerId: string;
    itOwnerId?: string | null;
    criticality?: "MISSION_CRITICAL" | "INTERNAL";
    slug?: string;
    versions?: {
      stage: "DESIGN" | "INDUSTRIALIZATION" | "UAT" | "DEPLOYMENT" | "MONITORING" | "ARCHIVED";
      production?: boolean;
      createdAt?: Date;
    }[];
  },
) {
  const slug = opts.slug ?? uniq("model").replace(/[^a-z0-9-]/g, "");
  const model = await db.model.create({
    data: {
      slug,
      title: slug,
      problemType: "CLASSIFICATION",
      criticality: opts.criticality ?? "INTERNAL",
      teamId: opts.teamId,
      dsOwnerId: opts.dsOwnerId,
      itOwnerId: opts.itOwnerId ?? null,
      versionCounter: opts.versions?.length ?? 0,
    },
  });
  const production = opts.versions?.some((v) => v.production)
    ? await db.environment.upsert({
        where: { name: "production" },
        create: { name: "production", isProduction: true },
        update: {},
      })
    : null;
  const versions = [];
  for (const [i, v] of (opts.versions ?? []).entries()) {
    const createdAt = v.createdAt ?? new Date();
    const version = await db.modelVersion.create({
      data: {
        modelId: model.id,
        number: i + 1,
        stage: v.stage,
        artifactUri: `s3://test/${slug}/v${i + 1}`,
        createdById: opts.dsOwnerId,
        createdAt,
        stageChangedAt: createdAt,
      },
    });
    await db.stageHistory.create({ data: { versionId: version.id, toStage: "DESIGN", enteredAt: createdAt } });
    if (v.production && production)
      await db.deployment.create({
        data: { modelId: model.id, versionId: version.id, environmentId: production.id, status: "ACTIVE" },
      });
    versions.push(version);
  }
  return { model, versions };
}

/** A webhook written straight into the database with a known secret, so a test receiver can verify signatures. */
export async function createTestWebhook(
  db: Db,
  opts: { url: string; events?: string[]; active?: boolean; secret?: string },
) {
  const secret = opts.secret ?? `whsec_${randomBytes(32).toString("base64url")}`;
  const webhook = await db.webhook.create({
    data: { url: opts.url, events: opts.events ?? ["*"], active: opts.active ?? true, secret },
    select: { id: true, url: true },
  });
  return { ...webhook, secret };
}

/** An outbox event with one pending delivery for one webhook (unlike enqueueEvent, which fans out to every subscriber). */
export async function enqueueTestDelivery(
  db: Db,
  webhookId: string,
  opts: { type?: string; data?: Record<string, unknown> } = {},
) {
  const type = opts.type ?? "approval.requested";
  const event = await db.outboxEvent.create({
    data: {
      type,
      payload: { type, occurredAt: new Date().toISOString(), data: opts.data ?? { n: uniq("n") } } as object,
    },
    select: { id: true },
  });
  const delivery = await db.webhookDelivery.create({ data: { webhookId, eventId: event.id }, select: { id: true } });
  return { eventId: event.id, deliveryId: delivery.id };
}

/** Metric points written straight into the database (production unless told), for operations tests. */
export async function insertTestMetrics(
  db: Db,
  versionId: string,
  points: { name: string; value: number; ts: Date }[],
  environment = "production",
) {
  await db.metricPoint.createMany({
    data: points.map((p) => ({ versionId, environment, name: p.name, value: p.value, ts: p.ts })),
  });
}

/** An alert rule written straight into the database (no evaluation): e.g. { kind: "METRIC_THRESHOLD", config: { metric: "auc", op: "<", value: 0.75, windowHours: 24 } }. */
export async function createTestAlertRule(
  db: Db,
  modelId: string,
  opts: {
    kind:
      | "METRIC_THRESHOLD"
      | "DATASET_DRIFT"
      | "FEATURE_PSI"
      | "DATA_QUALITY"
      | "LATENCY"
      | "ERROR_RATE"
      | "STALENESS"
      | "WEIGHTED_DRIFT";
    config: Record<string, unknown>;
    severity?: "INFO" | "WARNING" | "CRITICAL";
    retrain?: boolean;
    versionId?: string;
    name?: string;
  },
) {
  return db.alertRule.create({
    data: {
      modelId,
      kind: opts.kind,
      config: opts.config as object,
      severity: opts.severity ?? "WARNING",
      retrain: opts.retrain ?? false,
      versionId: opts.versionId ?? null,
      name: opts.name ?? uniq("rule"),
    },
  });
}

type MlflowHandler = (req: Request, ctx: { params: Promise<{ path: string[] }> }) => Promise<Response>;

/**
 * Calls an MLflow catch-all route handler in-process (app/api/2.0/mlflow/[...path]/route.ts): `query`
 * becomes the query string, `body` the JSON body (Content-Type application/json unless `contentType`
 * says otherwise, or null for none); `token` is sent as a bearer token, `basic` as basic credentials.
 */
export async function callMlflow(
  handler: MlflowHandler,
  method: string,
  path: string,
  opts: {
    query?: string | Record<string, string | string[]>;
    body?: unknown;
    rawBody?: string;
    contentType?: string | null;
    token?: string;
    basic?: { username: string; password: string };
    cookie?: string;
    prefix?: string;
  } = {},
) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.basic)
    headers.authorization = `Basic ${Buffer.from(`${opts.basic.username}:${opts.basic.password}`).toString("base64")}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  let body: string | undefined;
  if (opts.body !== undefined || opts.rawBody !== undefined) {
    body = opts.rawBody ?? JSON.stringify(opts.body);
    if (opts.contentType !== null) headers["content-type"] = opts.contentType ?? "application/json";
  }
  const query =
    typeof opts.query === "string"
      ? opts.query
      : new URLSearchParams(
          Object.entries(opts.query ?? {}).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])),
        ).toString();
  const url = `http://localhost${opts.prefix ?? "/api/2.0/mlflow"}/${path}${query ? `?${query}` : ""}`;
  const res = await handler(new Request(url, { method, headers, body }), {
    params: Promise.resolve({ path: path.split("/") }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as any) : null };
}
