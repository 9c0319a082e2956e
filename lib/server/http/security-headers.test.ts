import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, STATIC_SECURITY_HEADERS } from "./security-headers";

const require = createRequire(import.meta.url);

describe("security headers", () => {
  it("next.config.js sends the same static headers as the module documents, on every path", async () => {
    const config = require("../../../next.config.js") as {
      headers: () => Promise<{ source: string; headers: unknown }[]>;
    };
    expect(await config.headers()).toEqual([{ source: "/:path*", headers: STATIC_SECURITY_HEADERS }]);
  });

  it("builds a nonce CSP that forbids framing, plugins and foreign scripts (eval in development only)", () => {
    const csp = contentSecurityPolicy("abc", false);
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy("abc", true)).toContain("'unsafe-eval'");
  });
});
