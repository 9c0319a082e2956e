/** @type {import('next').NextConfig} */

// Kept in step with STATIC_SECURITY_HEADERS in lib/server/http/security-headers.ts (a unit test compares them);
// next.config.js is plain CommonJS and cannot import the TypeScript module. The CSP comes from proxy.ts.
const SECURITY_HEADERS = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

const nextConfig = {
  // PGlite ships its own wasm and data files and must be loaded from node_modules, not bundled (DESIGN.md 1.1).
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pg",
    "pino",
    "prom-client",
    "@aws-sdk/client-s3",
    "@aws-sdk/lib-storage",
    "@aws-sdk/s3-request-presigner",
    "yazl",
  ],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
  // The page was called "approvals" before the feature took one name (issue 14); old links and bookmarks still work.
  async redirects() {
    return [{ source: "/approvals", destination: "/promotions", permanent: true }];
  },
};

module.exports = nextConfig;
