/**
 * The artifact proxy alone, behind a plain node:http server, for bench/artifacts.bench.ts (run as a child process
 * so its RSS is the server's alone). An in-memory PGlite with one data scientist, a write token, an experiment
 * and a run; the store from the environment (BENCH_STORE=local with BENCH_ARTIFACT_DIR, or s3 with BENCH_S3_ENDPOINT
 * and BENCH_S3_BUCKET). Prints one JSON line {port, token, root} when ready. Request and response bodies go
 * through Readable.toWeb / fromWeb, as Next's Node adapter hands them to route handlers.
 */
import { createServer } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { load } from "../in-process";

async function main(): Promise<void> {
  const { connect } = load("../lib/db/connect") as typeof import("@/lib/db/connect");
  const { applyMigrations } = load("../lib/db/migrate") as typeof import("@/lib/db/migrate");
  const { createPrismaClient, installDatabase } = load("../lib/db/client") as typeof import("@/lib/db/client");
  const { createTestTeam, createTestUser, createTestToken } = load(
    "../lib/testing/factories",
  ) as typeof import("@/lib/testing/factories");
  const { createExperiment } = load(
    "../lib/server/mlflow/create-experiment",
  ) as typeof import("@/lib/server/mlflow/create-experiment");
  const { createRun } = load("../lib/server/mlflow/create-run") as typeof import("@/lib/server/mlflow/create-run");
  const { installArtifactStore } = load(
    "../lib/server/artifacts/get-artifact-store",
  ) as typeof import("@/lib/server/artifacts/get-artifact-store");
  const { LocalArtifactStore } = load(
    "../lib/server/artifacts/local-store",
  ) as typeof import("@/lib/server/artifacts/local-store");
  const { S3ArtifactStore } = load(
    "../lib/server/artifacts/s3-store",
  ) as typeof import("@/lib/server/artifacts/s3-store");
  const { handleArtifactsApi } = load(
    "../lib/server/mlflow/mlflow-artifacts-proxy",
  ) as typeof import("@/lib/server/mlflow/mlflow-artifacts-proxy");

  const connection = await connect({});
  await applyMigrations(connection.runner);
  const prisma = createPrismaClient(connection);
  installDatabase({ prisma, connection });
  const team = await createTestTeam(prisma);
  const ds = await createTestUser(prisma, { roles: ["DATA_SCIENTIST"], teamId: team.id });
  const token = await createTestToken(prisma, ds.user.id, ["read", "write"]);
  const experimentId = await createExperiment({ actor: ds.actor, name: "bench", tags: [] });
  const run = await createRun({ actor: ds.actor, experimentId: String(experimentId), tags: [] });
  installArtifactStore(
    process.env.BENCH_STORE === "s3"
      ? new S3ArtifactStore({
          bucket: process.env.BENCH_S3_BUCKET!,
          prefix: "",
          endpoint: process.env.BENCH_S3_ENDPOINT,
          region: "us-east-1",
          forcePathStyle: true,
          credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
        })
      : new LocalArtifactStore(process.env.BENCH_ARTIFACT_DIR!),
  );

  const server = createServer((req, res) => {
    const hasBody = req.method !== "GET" && req.method !== "HEAD" && req.method !== "DELETE";
    const init = {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
      duplex: "half",
    };
    handleArtifactsApi(new Request(`http://127.0.0.1${req.url}`, init as RequestInit))
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        if (response.body)
          await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), res);
        else res.end();
      })
      .catch((err: unknown) => {
        // A client that hangs up once it has the whole answer (Connection: close) is not an error.
        if ((err as { code?: string }).code !== "ERR_STREAM_PREMATURE_CLOSE") console.error(err);
        res.destroy();
      });
  });
  server.listen(0, "127.0.0.1", () => {
    const address = server.address() as { port: number };
    console.log(JSON.stringify({ port: address.port, token, root: `${experimentId}/${run.id}/artifacts` }));
  });
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}

void main();
