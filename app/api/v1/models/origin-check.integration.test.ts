import { describe, expect, it } from "vitest";
import { callRoute, createCast, sessionCookie, uniq } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { GET as listModels, POST as createModel } from "./route";

/** Issue 16, finding 6: cookie-authenticated JSON writes had no Origin check (a cross-site page could post). */
const db = useTestDatabase();

describe("Origin / Sec-Fetch-Site check on cookie-authenticated writes", () => {
  it("refuses cross-site writes with a session cookie, allows same-origin ones and every token call", async () => {
    const cast = await createCast(db.prisma);
    const cookie = await sessionCookie(cast.ds.user.id);
    const body = () => ({
      slug: uniq("m").replace(/[^a-z0-9-]/g, ""),
      title: "M",
      problemType: "CLASSIFICATION",
      criticality: "INTERNAL",
      teamId: cast.team.id,
    });
    const before = await db.prisma.model.count();
    const evil = await callRoute(createModel, {
      method: "POST",
      cookie,
      body: body(),
      headers: { origin: "https://evil.example" },
    });
    expect(evil.status).toBe(403);
    expect(evil.json.detail).toMatch(/Cross-origin/);
    const site = await callRoute(createModel, {
      method: "POST",
      cookie,
      body: body(),
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(site.status).toBe(403);
    expect(await db.prisma.model.count()).toBe(before);
    expect(
      (
        await callRoute(createModel, {
          method: "POST",
          cookie,
          body: body(),
          headers: { origin: "http://localhost", "sec-fetch-site": "same-origin" },
        })
      ).status,
    ).toBe(201);
    // Reads are not writes; tokens carry no ambient authority.
    expect(
      (
        await callRoute(listModels, {
          cookie,
          headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await callRoute(createModel, {
          method: "POST",
          token: cast.ds.token,
          body: body(),
          headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
        })
      ).status,
    ).toBe(201);
  });
});
