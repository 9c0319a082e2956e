import { describe, expect, it } from "vitest";
import { drainAuditEvents } from "@/lib/server/audit/integrate-audit-events";
import { countStatements } from "@/lib/testing/count-statements";
import { callMlflow, callRoute, createCast, seedDefaultPolicies, uniq } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import * as mlflow from "./2.0/mlflow/[...path]/route";
import { POST as createModel } from "./v1/models/route";
import { POST as registerVersion } from "./v1/models/[modelId]/versions/route";
import { POST as decide } from "./v1/transitions/[requestId]/decision/route";
import { POST as ingestMetrics } from "./v1/versions/[versionId]/metrics/route";
import { POST as requestTransition } from "./v1/versions/[versionId]/transitions/route";

/**
 * Statement budgets of the hot write paths (issue 13), counted on the wire to PostgreSQL for one whole request:
 * authentication, the use case, audit and outbox. Transaction control (BEGIN/COMMIT) is reported apart. A count,
 * not a timing, so it cannot flake on a loaded machine; it fails when a change adds round trips.
 */
const db = useTestDatabase();
const onPostgres = !!process.env.TEST_DATABASE_URL;

const BUDGETS = { approve: 15, request: 15, mlflowCreateModel: 6, mlflowCreateVersion: 8, ingestMetrics: 6 };

async function measure<T>(label: keyof typeof BUDGETS, fn: () => Promise<T>) {
  await drainAuditEvents();
  const counted = await countStatements(fn);
  // Let the sequencer's pass (woken by the commit) finish outside the next measurement.
  await drainAuditEvents();
  if (process.env.DUMP_STATEMENTS)
    console.log(counted.statements.map((s, i) => `  ${i + 1}. ${s.slice(0, 300)}`).join("\n"));
  console.log(
    `${label}: ${counted.statements.length} statements (+${counted.control} transaction control), budget ${BUDGETS[label]}`,
  );
  return counted;
}

describe.runIf(onPostgres)("statement budgets on PostgreSQL", () => {
  it("keeps each hot write within its budget", async () => {
    await seedDefaultPolicies(db.prisma);
    const cast = await createCast(db.prisma);
    const slug = uniq("m").replace(/[^a-z0-9-]/g, "");
    const m = await callRoute(createModel, {
      method: "POST",
      token: cast.ds.token,
      body: { slug, title: "M", problemType: "CLASSIFICATION", criticality: "INTERNAL", teamId: cast.team.id },
    });
    expect(m.status).toBe(201);
    const v = await callRoute(registerVersion, {
      method: "POST",
      token: cast.ds.token,
      params: { modelId: m.json.id },
      body: {
        artifactUri: "s3://b/m",
        framework: "xgboost 2",
        gitCommit: "abcdef1",
        trainingDataset: "s3://t",
        metrics: { auc: 0.9 },
        featureSchema: [{ name: "x", type: "numeric" }],
      },
    });
    const versionId = v.json.id as string;
    // Straight to UAT so that the next move needs one IT approval (INTERNAL → DEPLOYMENT).
    await db.prisma.modelVersion.update({ where: { id: versionId }, data: { stage: "UAT" } });

    const requested = await measure("request", () =>
      callRoute(requestTransition, {
        method: "POST",
        token: cast.ds.token,
        params: { versionId },
        body: { toStage: "DEPLOYMENT", justification: "ready" },
      }),
    );
    expect(requested.result.status, JSON.stringify(requested.result.json)).toBe(201);
    expect(requested.result.json.status).toBe("PENDING");

    const approved = await measure("approve", () =>
      callRoute(decide, {
        method: "POST",
        token: cast.it.token,
        params: { requestId: requested.result.json.id },
        body: { decision: "APPROVE", comment: "ok" },
      }),
    );
    expect(approved.result.status, JSON.stringify(approved.result.json)).toBe(200);
    expect(approved.result.json.status).toBe("APPLIED");

    const name = `Budget ${uniq("m")}`;
    const createdModel = await measure("mlflowCreateModel", () =>
      callMlflow(mlflow.POST, "POST", "registered-models/create", { token: cast.ds.token, body: { name } }),
    );
    expect(createdModel.result.status, JSON.stringify(createdModel.result.json)).toBe(200);
    const createdVersion = await measure("mlflowCreateVersion", () =>
      callMlflow(mlflow.POST, "POST", "model-versions/create", {
        token: cast.ds.token,
        body: { name, source: "s3://bucket/model" },
      }),
    );
    expect(createdVersion.result.status, JSON.stringify(createdVersion.result.json)).toBe(200);

    const t = Date.now();
    const points = Array.from({ length: 500 }, (_, i) => ({
      name: "auc",
      value: 0.8,
      timestamp: new Date(t - i * 1000).toISOString(),
    }));
    const ingested = await measure("ingestMetrics", () =>
      callRoute(ingestMetrics, { method: "POST", token: cast.ds.token, params: { versionId }, body: { points } }),
    );
    expect(ingested.result.status, JSON.stringify(ingested.result.json)).toBeLessThan(300);

    const report = {
      request: requested.statements.length,
      approve: approved.statements.length,
      mlflowCreateModel: createdModel.statements.length,
      mlflowCreateVersion: createdVersion.statements.length,
      ingestMetrics: ingested.statements.length,
    };
    const over = Object.entries(report).filter(([k, n]) => n > BUDGETS[k as keyof typeof BUDGETS]);
    const detail = {
      request: requested.statements,
      approve: approved.statements,
      mlflowCreateModel: createdModel.statements,
      mlflowCreateVersion: createdVersion.statements,
      ingestMetrics: ingested.statements,
    };
    expect(
      over,
      JSON.stringify(Object.fromEntries(over.map(([k]) => [k, detail[k as keyof typeof detail]])), null, 1),
    ).toEqual([]);
  });
});
