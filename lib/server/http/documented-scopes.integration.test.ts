import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument, type TOpenApiOperation } from "@/lib/schemas/openapi";
import { callRoute, createTestToken, createTestUser, seedDefaultPolicies } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import type { TTokenScope } from "@/lib/domain/rbac/permissions";

/**
 * Issue 16, finding 10: the approvals queue was documented as `write`-scoped but needed `models:read`, so a
 * write-only token got 403. Every operation is called with a token holding exactly the scopes the OpenAPI
 * document lists for it (its owner holds every role): none may be refused for a missing permission.
 */
const db = useTestDatabase();
const ROOT = path.resolve(import.meta.dirname, "../../..");

describe("documented token scopes are enough", () => {
  it("opens every operation with exactly the scopes the OpenAPI document lists", async () => {
    await seedDefaultPolicies(db.prisma);
    const { user } = await createTestUser(db.prisma, { roles: ["ADMIN", "DATA_SCIENTIST", "IT_OPS", "MANAGER"] });
    const doc = buildOpenApiDocument();
    let checked = 0;
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item) as [string, TOpenApiOperation][]) {
        const scopes = op["x-token-scopes"] as TTokenScope[];
        if (!scopes.length || op.requestBody) continue;
        const token = await createTestToken(db.prisma, user.id, scopes);
        const file = path.join(
          ROOT,
          "app",
          ...p
            .split("/")
            .filter(Boolean)
            .map((s) => s.replace(/^\{(\w+)\}$/, "[$1]")),
          "route.ts",
        );
        const handler = ((await import(file)) as Record<string, Parameters<typeof callRoute>[0]>)[
          method.toUpperCase()
        ]!;
        const params = Object.fromEntries(
          (op.parameters ?? []).filter((x) => x.in === "path").map((x) => [x.name, "does-not-exist"]),
        );
        const r = await callRoute(handler, { method: method.toUpperCase(), token, params });
        expect(
          r.status === 403 && r.json?.permission,
          `${method.toUpperCase()} ${p} with [${scopes}]: ${JSON.stringify(r.json)}`,
        ).toBeFalsy();
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
