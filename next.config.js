/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships its own wasm and data files and must be loaded from node_modules, not bundled (DESIGN.md 1.1).
  serverExternalPackages: ["@electric-sql/pglite", "pg", "pino", "prom-client"],
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;
