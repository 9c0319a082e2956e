import js from "@eslint/js";
import tseslint from "typescript-eslint";

// Flat config: TypeScript rules plus the import boundaries of docs/ARCHITECTURE.md (house rules 7 and 15).
export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "generated/**",
      "data/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        fetch: "readonly",
        Response: "readonly",
        Request: "readonly",
        Headers: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        module: "writable",
        require: "readonly",
        __dirname: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
    },
  },
  {
    files: ["lib/domain/**/*.ts"],
    ignores: ["lib/domain/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@/lib/db/*",
                "@/lib/server/*",
                "@/generated/*",
                "next",
                "next/*",
                "react",
                "node:*",
                "pg",
                "@prisma/*",
                "@electric-sql/*",
              ],
              message: "lib/domain is pure: no I/O, no framework, no database.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["components/**/*.{ts,tsx}", "app/**/*.tsx", "lib/client/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/db/*", "@/generated/*", "@prisma/*"],
              message: "Only lib/server and lib/db touch the database.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["components/**/*.{ts,tsx}", "lib/client/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/db/*", "@/generated/*", "@prisma/*"],
              message: "Only lib/server and lib/db touch the database.",
            },
            {
              group: ["@/lib/server/*"],
              allowTypeImports: true,
              message: "Client and UI code may import server types only.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.test.ts", "lib/testing/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
