import { describe, expect, it } from "vitest";
import { drainAuditEvents } from "@/lib/server/audit/integrate-audit-events";
import { countStatements } from "@/lib/testing/count-statements";
import { callMlflow, createCast, uniq } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import * as mlflow from "./2.0/mlflow/[...path]/route";

/**
 * The read costs docs/ARCHITECTURE.md states ("MLflow compatibility": bearer-token authentication, a
 * registered-models search page), counted on the wire to PostgreSQL so the words cannot drift from the code again
 * (issue 14). Authentication is the statements that read api_tokens; the search is everything else of the call.
 */
const db = useTestDatabase();
const onPostgres = !!process.env.TEST_DATABASE_URL;

const DOCUMENTED = { bearerAuth: 1, searchPage: 2 };

describe.runIf(onPostgres)("read statement counts on PostgreSQL", () => {
  it("authenticates a bearer token in one statement and answers a search page in two, whatever its size", async () => {
    const cast = await createCast(db.prisma);
    for (let i = 0; i < 12; i++) {
      const created = await callMlflow(mlflow.POST, "POST", "registered-models/create", {
        token: cast.ds.token,
        body: { name: `Read ${uniq("m")}` },
      });
      expect(created.status, JSON.stringify(created.json)).toBe(200);
    }
    // A token's lastUsedAt is written at most once a minute: the first call writes it, the measured ones do not.
    await callMlflow(mlflow.GET, "GET", "registered-models/search", {
      token: cast.ds.token,
      query: { max_results: "1" },
    });
    await drainAuditEvents();
    for (const pageSize of ["10", "100"]) {
      const counted = await countStatements(() =>
        callMlflow(mlflow.GET, "GET", "registered-models/search", {
          token: cast.ds.token,
          query: { max_results: pageSize },
        }),
      );
      expect(counted.result.status).toBe(200);
      const auth = counted.statements.filter((s) => /\bapi_tokens\b/.test(s));
      expect(
        { pageSize, bearerAuth: auth.length, searchPage: counted.statements.length },
        counted.statements.join("\n"),
      ).toEqual({ pageSize, ...DOCUMENTED });
    }
  });
});
