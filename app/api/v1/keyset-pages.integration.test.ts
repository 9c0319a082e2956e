import { beforeAll, describe, expect, it } from "vitest";
import {
  callRoute,
  createCast,
  createTestModel,
  createTestToken,
  createTestWebhook,
  enqueueTestDelivery,
  sessionCookie,
} from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { GET as listAlerts } from "./alerts/route";
import { GET as listQueue } from "./approvals/queue/route";
import { GET as listAudit } from "./audit/route";
import { GET as listVersions } from "./models/[modelId]/versions/route";
import { GET as listModels } from "./models/route";
import { GET as listTokens } from "./tokens/route";
import { GET as listTransitions } from "./transitions/route";
import { GET as listUsers } from "./users/route";
import { GET as listDeliveries } from "./webhooks/[webhookId]/deliveries/route";

/**
 * Keyset pages of the REST lists (issue 18): walking `nextCursor` returns every row exactly once in the order of
 * one big page, with ties on the sort column and rows inserted between pages; forged cursors — bad base64, wrong
 * shape, a date that does not parse, a cursor of another sort — answer 400/422 naming query.cursor, never 500.
 */
const db = useTestDatabase();
const BASE = Date.UTC(2026, 5, 1, 9, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

let cast: Awaited<ReturnType<typeof createCast>>;
let adminToken: string;
let adminCookie: string;
let modelId: string;
let webhookId: string;

type THandler = Parameters<typeof callRoute>[0];
type TList = {
  name: string;
  handler: THandler;
  path: string;
  params?: Record<string, string>;
  token: () => string;
  cookie?: () => string;
  key?: (row: Record<string, unknown>) => string;
};
const authOf = (list: TList) => (list.cookie ? { cookie: list.cookie() } : { token: list.token() });

async function walk(list: TList, query: string, limit: number, between?: () => Promise<void>): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const q = `${query}${query ? "&" : ""}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const r = await callRoute(list.handler, { path: `${list.path}?${q}`, ...authOf(list), params: list.params });
    expect(r.status, `${list.name}: ${JSON.stringify(r.json)}`).toBe(200);
    keys.push(...(r.json.items as Record<string, unknown>[]).map(list.key ?? ((x) => String(x.id))));
    cursor = r.json.nextCursor;
    if (cursor) await between?.();
    expect(++pages).toBeLessThan(300);
  } while (cursor);
  return keys;
}

beforeAll(async () => {
  cast = await createCast(db.prisma);
  adminToken = await createTestToken(db.prisma, cast.admin.user.id, ["read", "write", "admin"]);
  // Users are managed from a browser session only (no API token, whatever its scopes).
  adminCookie = await sessionCookie(cast.admin.user.id);
  // 26 models; titles and timestamps collide in fours, so (sort column, id) decides.
  for (let i = 0; i < 26; i++) {
    await db.connection.runner.query(
      `INSERT INTO models (id, slug, title, "problemType", criticality, "teamId", "dsOwnerId", "createdAt", "updatedAt")
       VALUES ($1, $2, $3, 'CLASSIFICATION', 'INTERNAL', $4, $5, $6::timestamptz, $7::timestamptz)`,
      [
        `kp-m-${String(i).padStart(2, "0")}`,
        `kp-model-${String(25 - i).padStart(2, "0")}`,
        `Keyset ${i % 4}`,
        cast.team.id,
        cast.ds.user.id,
        iso(BASE + Math.floor(i / 4) * 1000),
        iso(BASE + (i % 5) * 1000),
      ],
    );
  }
  const { model } = await createTestModel(db.prisma, {
    teamId: cast.team.id,
    dsOwnerId: cast.ds.user.id,
    versions: Array.from({ length: 12 }, () => ({ stage: "DESIGN" as const })),
  });
  modelId = model.id;
  // 30 users, names colliding in threes, some inactive.
  for (let i = 0; i < 30; i++) {
    await db.connection.runner.query(
      `INSERT INTO users (id, email, name, roles, active, "updatedAt") VALUES ($1, $2, $3, '{DATA_SCIENTIST}', $4, now())`,
      [`kp-u-${String(i).padStart(2, "0")}`, `kp-${i}@test.local`, `Keyset user ${Math.floor(i / 3)}`, i % 7 !== 0],
    );
  }
  // 25 tokens of the admin created at 5 instants.
  for (let i = 0; i < 25; i++) {
    await db.connection.runner.query(
      `INSERT INTO api_tokens (id, name, prefix, "tokenHash", scopes, "userId", "createdAt") VALUES ($1, $2, 'mg_kp', $3, '{read}', $4, $5::timestamptz)`,
      [
        `kp-t-${String(i).padStart(2, "0")}`,
        `token ${i}`,
        `kp-hash-${i}`,
        cast.admin.user.id,
        iso(BASE + (i % 5) * 1000),
      ],
    );
  }
  const hook = await createTestWebhook(db.prisma, { url: "http://127.0.0.1:9/kp" });
  webhookId = hook.id;
  for (let i = 0; i < 14; i++) await enqueueTestDelivery(db.prisma, webhookId);
  // Deliveries created in the same millisecond in pairs.
  await db.connection.runner.query(
    `UPDATE webhook_deliveries SET "createdAt" = $1::timestamptz WHERE "webhookId" = $2`,
    [iso(BASE), webhookId],
  );
});

const LISTS = (): TList[] => [
  { name: "models", handler: listModels, path: "/api/v1/models", token: () => cast.ds.token },
  {
    name: "versions",
    handler: listVersions,
    path: `/api/v1/models/${modelId}/versions`,
    params: { modelId },
    token: () => cast.ds.token,
  },
  { name: "users", handler: listUsers, path: "/api/v1/users", token: () => adminToken, cookie: () => adminCookie },
  { name: "tokens", handler: listTokens, path: "/api/v1/tokens", token: () => adminToken },
  {
    name: "deliveries",
    handler: listDeliveries,
    path: `/api/v1/webhooks/${webhookId}/deliveries`,
    params: { webhookId },
    token: () => adminToken,
  },
  { name: "promotions", handler: listTransitions, path: "/api/v1/transitions", token: () => cast.ds.token },
  { name: "alerts", handler: listAlerts, path: "/api/v1/alerts", token: () => cast.ds.token },
  {
    name: "audit",
    handler: listAudit,
    path: "/api/v1/audit",
    token: () => adminToken,
    key: (e) => String(e.seq ?? e.id),
  },
  { name: "approvals queue", handler: listQueue, path: "/api/v1/approvals/queue", token: () => adminToken },
];

describe("REST lists: keyset pages (issue 18)", () => {
  const sorts = ["slug", "-slug", "title", "-title", "updatedAt", "-updatedAt", "createdAt", "-createdAt"];
  it.each(sorts)("/api/v1/models?sort=%s: every model once, in the order of one page", async (sort) => {
    const models = LISTS()[0]!;
    const [whole] = [await walk(models, `sort=${sort}&search=kp-`, 100)];
    expect(whole).toHaveLength(26);
    for (const limit of [1, 3, 7]) expect(await walk(models, `sort=${sort}&search=kp-`, limit)).toEqual(whole);
  });

  it.each(["users", "tokens", "deliveries", "versions"])(
    "%s: every row once across pages of 1, 4 and 9 (ties on the sort column)",
    async (name) => {
      const list = LISTS().find((l) => l.name === name)!;
      const whole = await walk(list, "", 100);
      expect(whole.length).toBeGreaterThanOrEqual(12);
      expect(new Set(whole).size).toBe(whole.length);
      for (const limit of [1, 4, 9]) expect(await walk(list, "", limit)).toEqual(whole);
    },
  );

  it("users: active first, then by name, then id", async () => {
    const list = LISTS().find((l) => l.name === "users")!;
    const ids = await walk(list, "", 4);
    const rows = await db.connection.runner.query<{ id: string; active: boolean; name: string }>(
      `SELECT id, active, name FROM users`,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const firstInactive = ids.findIndex((id) => !byId.get(id)!.active);
    expect(ids.slice(firstInactive).every((id) => !byId.get(id)!.active)).toBe(true);
    expect(ids.length).toBe(rows.length);
  });

  it("rows inserted between pages neither repeat nor hide the others", async () => {
    const models = LISTS()[0]!;
    const before = await walk(models, "sort=slug&search=kp-", 100);
    let n = 0;
    const insert = async () => {
      n++;
      for (const slug of [`kp-aaa-${n}`, `kp-zzz-${n}`]) {
        await db.connection.runner.query(
          `INSERT INTO models (id, slug, title, "problemType", criticality, "teamId", "dsOwnerId", "updatedAt") VALUES ($1, $1, 'Inserted', 'CLASSIFICATION', 'INTERNAL', $2, $3, now())`,
          [slug, cast.team.id, cast.ds.user.id],
        );
      }
    };
    const keys = await walk(models, "sort=slug&search=kp-", 5, insert);
    expect(new Set(keys).size).toBe(keys.length);
    for (const id of before) expect(keys).toContain(id);
    expect(keys.some((k) => k.startsWith("kp-zzz-"))).toBe(true);
    expect(keys.some((k) => k.startsWith("kp-aaa-"))).toBe(false);
  });

  it("forged cursors answer 4xx with the cursor path on every list, never 500", async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const forged = [
      "%%%",
      "bm90IGpzb24",
      b64(null),
      b64([1]),
      b64({ t: "not a date", id: "x" }),
      b64({ t: 1, id: 2 }),
      b64({ n: 1e300 }),
      b64({ n: "3" }),
      b64({ v: "not a date", id: "x" }),
      b64({ a: "yes", n: 0, id: "x" }),
    ];
    for (const list of LISTS()) {
      for (const cursor of forged) {
        const query = list.name === "models" ? "sort=-updatedAt&" : "";
        const r = await callRoute(list.handler, {
          path: `${list.path}?${query}cursor=${encodeURIComponent(cursor)}`,
          ...authOf(list),
          params: list.params,
        });
        // 400 (query schema) or 422 (VALIDATION_FAILED from the use case): the client's error, with the field path.
        expect([400, 422], `${list.name} ${cursor}: ${JSON.stringify(r.json)}`).toContain(r.status);
        expect(JSON.stringify(r.json), list.name).toContain("cursor");
      }
    }
    // A slug cursor reused on a date sort is refused, not read as a date.
    const slugPage = await callRoute(listModels, {
      path: "/api/v1/models?sort=slug&limit=1&search=kp-",
      token: cast.ds.token,
    });
    const r = await callRoute(listModels, {
      path: `/api/v1/models?sort=createdAt&cursor=${encodeURIComponent(slugPage.json.nextCursor)}`,
      token: cast.ds.token,
    });
    expect(r.status).toBe(422);
  });
});
