// Import boundaries on *resolved* paths (issue 14): `@/lib/db/client`, `../db/client` and `../../lib/db/client`
// are the same module here, so no spelling walks around a rule. The layer rules are those of ../shared/STYLE.md
// and docs/ARCHITECTURE.md ("Dependency direction"); run with `npm run lint` (or `npx depcruise .`).

/**
 * Tests, test helpers, benchmarks, end-to-end specs and scripts may reach into any layer (a route test imports
 * its handler, a helper opens the database): they are left out of the cruise, so they add no folder edges either.
 * tsc and eslint still check them.
 */
const TOOLING =
  "(^|/)[^/]+\\.(test|integration\\.test|bench|spec)\\.tsx?$|^(lib/testing|bench|e2e|scripts)/|(^|/)__fixtures__/";

/** Platform folders whose cycles among themselves are known; see no-folder-cycles. */
const PLATFORM_CYCLE = "^lib/server/(auth|audit|http|observability|setup)$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-folder-cycles",
      comment:
        "Folders depend on each other one way only (e.g. versions → promotions, never back). A view that combines " +
        "features lives in lib/server/views/, which may import features and is imported by none of them.",
      severity: "error",
      scope: "folder",
      // Known and not yet broken (issue 14): the request platform — auth ↔ audit (sign-in events are audited, the
      // audit reads check permissions), auth ↔ http (defineRoute authenticates, sign-in uses the rate limiter),
      // auth ↔ setup, http → observability → audit. Among themselves only; a feature folder in a cycle still fails.
      from: { pathNot: PLATFORM_CYCLE },
      to: { circular: true },
    },
    {
      name: "no-module-cycles",
      comment: "Type-only module cycles are left to no-folder-cycles: they cost nothing at run time.",
      severity: "error",
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "domain-is-pure",
      comment:
        "lib/domain has no I/O: never the database, the server, the browser client, UI, pages or the environment.",
      severity: "error",
      from: { path: "^lib/domain/" },
      to: { path: "^(lib/(db|server|client)|components|app|prisma|generated)/|^lib/env\\.ts$" },
    },
    {
      name: "domain-imports-no-packages",
      comment: "No framework, database driver or node built-in: the domain runs in the browser and in tests alone.",
      severity: "error",
      from: { path: "^lib/domain/" },
      to: { path: "^node_modules/(next|react|react-dom|pg|@prisma|@electric-sql|pino|server-only)/" },
    },
    {
      name: "domain-uses-no-node-built-ins",
      severity: "error",
      from: { path: "^lib/domain/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "ui-does-not-touch-the-database",
      comment: "Components and browser code never import lib/db, Prisma or the generated client.",
      severity: "error",
      from: { path: "^(components|lib/client)/" },
      to: { path: "^(lib/db|generated)/|^node_modules/@prisma/" },
    },
    {
      name: "ui-imports-server-types-only",
      comment: "Components and browser code may name lib/server types, never run its code.",
      severity: "error",
      from: { path: "^(components|lib/client)/" },
      to: { path: "^lib/server/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "pages-do-not-touch-the-database",
      comment: "Pages and route handlers call lib/server; only lib/server (and prisma/seed, tooling) open lib/db.",
      severity: "error",
      from: { path: "^app/" },
      to: { path: "^(lib/db|generated)/|^node_modules/@prisma/" },
    },
    {
      name: "db-only-from-server",
      severity: "error",
      from: { pathNot: "^(lib/(db|server)|prisma)/" },
      to: { path: "^lib/db/" },
    },
    {
      name: "schemas-are-shared-shapes",
      comment:
        "lib/schemas is shared by routes, forms and OpenAPI: it imports lib/domain and itself, nothing else of ours.",
      severity: "error",
      from: { path: "^lib/schemas/" },
      to: { path: "^(lib/(db|server|client)|components|app|prisma)/" },
    },
    {
      name: "server-does-not-import-ui",
      severity: "error",
      from: { path: "^lib/server/" },
      to: { path: "^(components|app|lib/client)/" },
    },
    {
      name: "nothing-imports-app",
      comment: "app/ is the edge: Next.js loads it, nothing imports it (tests of a route import its handler).",
      severity: "error",
      from: { pathNot: "^app/" },
      to: { path: "^app/" },
    },
    {
      name: "testing-helpers-only-in-tests",
      severity: "error",
      from: {},
      to: { path: "^lib/testing/" },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that does not resolve is a typo or a missing dependency.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: [TOOLING, "^(\\.next|generated|data|test-results|playwright-report|coverage)/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
