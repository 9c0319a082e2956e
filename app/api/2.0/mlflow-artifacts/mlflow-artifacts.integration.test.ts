import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installArtifactStore } from "@/lib/server/artifacts/get-artifact-store";
import { callArtifacts, tempLocalStore } from "@/lib/testing/artifact-calls";
import { callMlflow, createCast, createTestToken, uniq } from "@/lib/testing/factories";
import { startAbortingS3Server, startS3Server, type TS3Server } from "@/lib/testing/s3-server";
import { useTestDatabase } from "@/lib/testing/test-db";
import * as ajaxRoute from "../../../ajax-api/2.0/mlflow-artifacts/[...path]/route";
import * as mlflowRoute from "../mlflow/[...path]/route";
import * as route from "./[...path]/route";

/** The artifact proxy (MLFLOW_COMPAT.md A1–A7), replaying the requests MLflow's Python client sends. */
const db = useTestDatabase();
type Cast = Awaited<ReturnType<typeof createCast>>;
let castPromise: Promise<Cast> | undefined;
const cast = () => (castPromise ??= createCast(db.prisma));
const local = tempLocalStore();

beforeAll(() => installArtifactStore(local.store));
afterAll(() => {
  installArtifactStore(undefined);
  rmSync(local.dir, { recursive: true, force: true });
});

const mlflow = (method: string, path: string, token: string, body?: unknown) =>
  callMlflow(
    method === "GET" ? mlflowRoute.GET : mlflowRoute.POST,
    method,
    path,
    method === "GET" ? { token, query: body as Record<string, string> } : { token, body },
  );

async function newRun(token: string) {
  const exp = (await mlflow("POST", "experiments/create", token, { name: uniq("art") })).json.experiment_id as string;
  const run = (await mlflow("POST", "runs/create", token, { experiment_id: exp })).json.run;
  const uri = run.info.artifact_uri as string;
  expect(uri).toBe(`mlflow-artifacts:/${exp}/${run.info.run_id}/artifacts`);
  return { exp, runId: run.info.run_id as string, root: uri.replace("mlflow-artifacts:/", "") };
}

const MODEL_FILES: Record<string, string> = {
  MLmodel: "artifact_path: model\nflavors:\n  sklearn:\n    sklearn_version: 1.4.2\n",
  "model.pkl": "\u0080\u0004pickled-bytes",
  "requirements.txt": "scikit-learn==1.4.2\n",
  "metadata/notes.json": "{}",
};

/** log_artifacts(local_dir, "model"): one PUT per file, the body the raw bytes, Content-Type guessed from the name. */
async function logModelFiles(token: string, root: string, files = MODEL_FILES) {
  for (const [rel, content] of Object.entries(files)) {
    const r = await callArtifacts(route.PUT, "PUT", `artifacts/${root}/model/${rel}`, {
      token,
      body: Buffer.from(content, "latin1"),
      contentType: rel.endsWith(".txt") ? "text/plain" : "application/octet-stream",
    });
    expect(r.status, r.bytes.toString()).toBe(200);
    expect(r.json).toEqual({});
  }
}

/** download_artifacts: list (one level, basenames), recurse into directories, GET every file. */
async function downloadTree(token: string, dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string) => {
    const r = await callArtifacts(route.GET, "GET", "artifacts", {
      token,
      query: { path: rel ? `${dir}/${rel}` : dir },
    });
    expect(r.status, r.bytes.toString()).toBe(200);
    for (const f of (r.json.files ?? []) as { path: string; is_dir: boolean; file_size?: number }[]) {
      expect(f.path).not.toContain("/"); // basenames, as the client joins them itself
      const p = rel ? `${rel}/${f.path}` : f.path;
      if (f.is_dir) {
        expect(f).not.toHaveProperty("file_size");
        await walk(p);
      } else {
        const got = await callArtifacts(route.GET, "GET", `artifacts/${dir}/${p}`, { token });
        expect(got.status).toBe(200);
        expect(Number(got.headers.get("content-length"))).toBe(f.file_size);
        out[p] = got.bytes.toString("latin1");
      }
    }
  };
  await walk("");
  return out;
}

describe("upload, list, download, delete (A1–A4)", () => {
  it("stores what log_artifacts sends and gives it back as download_artifacts reads it", async () => {
    const { ds } = await cast();
    const { root } = await newRun(ds.token);
    await logModelFiles(ds.token, root);
    const top = await callArtifacts(route.GET, "GET", "artifacts", { token: ds.token, query: { path: root } });
    expect(top.json).toEqual({ files: [{ path: "model", is_dir: true }] });
    const model = await callArtifacts(route.GET, "GET", "artifacts", {
      token: ds.token,
      query: { path: `${root}/model` },
    });
    expect(model.json).toEqual({
      files: [
        { path: "MLmodel", is_dir: false, file_size: Buffer.byteLength(MODEL_FILES.MLmodel!, "latin1") },
        { path: "metadata", is_dir: true },
        { path: "model.pkl", is_dir: false, file_size: Buffer.byteLength(MODEL_FILES["model.pkl"]!, "latin1") },
        {
          path: "requirements.txt",
          is_dir: false,
          file_size: Buffer.byteLength(MODEL_FILES["requirements.txt"]!, "latin1"),
        },
      ],
    });
    expect(await downloadTree(ds.token, `${root}/model`)).toEqual(MODEL_FILES);
    const file = await callArtifacts(route.GET, "GET", `artifacts/${root}/model/requirements.txt`, { token: ds.token });
    expect(file.headers.get("content-disposition")).toBe("attachment; filename=requirements.txt");
    expect(file.headers.get("content-type")).toBe("text/plain");
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(
      (await callArtifacts(route.GET, "GET", `artifacts/${root}/model/MLmodel`, { token: ds.token })).headers.get(
        "content-type",
      ),
    ).toBe("application/octet-stream");
    // The same under /ajax-api, as MLflow registers every route twice.
    const ajax = await callArtifacts(ajaxRoute.GET, "GET", "artifacts", {
      token: ds.token,
      query: { path: `${root}/model/metadata` },
      prefix: "/ajax-api/2.0/mlflow-artifacts",
    });
    expect(ajax.json).toEqual({ files: [{ path: "notes.json", is_dir: false, file_size: 2 }] });
    // An empty or missing directory lists as {} (protobuf JSON drops the empty repeated field).
    expect(
      (await callArtifacts(route.GET, "GET", "artifacts", { token: ds.token, query: { path: `${root}/nothing` } }))
        .json,
    ).toEqual({});
    const missing = await callArtifacts(route.GET, "GET", `artifacts/${root}/model/nope.bin`, { token: ds.token });
    expect(missing.status).toBe(404);
    expect(missing.json.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
    // delete_artifacts: a file, then a directory with what it holds.
    expect(
      (await callArtifacts(route.DELETE, "DELETE", `artifacts/${root}/model/metadata/notes.json`, { token: ds.token }))
        .json,
    ).toEqual({});
    expect((await callArtifacts(route.DELETE, "DELETE", `artifacts/${root}/model`, { token: ds.token })).json).toEqual(
      {},
    );
    expect(
      (await callArtifacts(route.GET, "GET", "artifacts", { token: ds.token, query: { path: root } })).json,
    ).toEqual({});
  });

  it("writes need a write token and the run's team; unregistered runs are read by their team only", async () => {
    const { ds, ds2, outsider, admin } = await cast();
    const { root, runId } = await newRun(ds.token);
    await logModelFiles(ds.token, root, { "a.txt": "a" });
    const readOnly = await createTestToken(db.prisma, ds.user.id, ["read"]);
    const refused = await callArtifacts(route.PUT, "PUT", `artifacts/${root}/b.txt`, { token: readOnly, body: "b" });
    expect(refused.status).toBe(403);
    expect(refused.json.error_code).toBe("PERMISSION_DENIED");
    expect(
      (await callArtifacts(route.PUT, "PUT", `artifacts/${root}/b.txt`, { token: outsider.token, body: "b" })).status,
    ).toBe(403);
    expect(
      (await callArtifacts(route.DELETE, "DELETE", `artifacts/${root}/model/a.txt`, { token: outsider.token })).status,
    ).toBe(403);
    expect(
      (await callArtifacts(route.GET, "GET", `artifacts/${root}/model/a.txt`, { token: outsider.token })).status,
    ).toBe(403);
    expect(
      (await callArtifacts(route.GET, "GET", "artifacts", { token: outsider.token, query: { path: root } })).status,
    ).toBe(403);
    expect(
      (await callArtifacts(route.GET, "GET", `artifacts/${root}/model/a.txt`, { token: ds2.token })).bytes.toString(),
    ).toBe("a");
    expect(
      (await callArtifacts(route.GET, "GET", `artifacts/${root}/model/a.txt`, { token: admin.token })).status,
    ).toBe(200);
    const anonymous = await callArtifacts(route.GET, "GET", `artifacts/${root}/model/a.txt`, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("Basic");
    // Once a version is registered from the run, whoever may read the model may read its files.
    const name = `Art ${uniq("m")}`;
    expect((await mlflow("POST", "registered-models/create", ds.token, { name })).status).toBe(200);
    const mv = await mlflow("POST", "model-versions/create", ds.token, {
      name,
      source: `mlflow-artifacts:/${root}/model`,
      run_id: runId,
    });
    expect(mv.status, JSON.stringify(mv.json)).toBe(200);
    expect(
      (
        await callArtifacts(route.GET, "GET", `artifacts/${root}/model/a.txt`, { token: outsider.token })
      ).bytes.toString(),
    ).toBe("a");
    // …and a registered version's files no longer change.
    const overwrite = await callArtifacts(route.PUT, "PUT", `artifacts/${root}/model/a.txt`, {
      token: ds.token,
      body: "changed",
    });
    expect(overwrite.status).toBe(403);
    expect(overwrite.json.message).toMatch(/files of a registered version cannot change/);
    // Paths must name an experiment; other methods are 405 in the JSON shape.
    expect((await callArtifacts(route.GET, "GET", "artifacts", { token: ds.token })).status).toBe(403);
    const wrong = await callArtifacts(route.POST, "POST", `artifacts/${root}/x`, { token: ds.token, json: {} });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, PUT, DELETE");
    expect((await callArtifacts(route.GET, "GET", "nothing-here", { token: ds.token })).status).toBe(404);
  });
});

describe("path traversal: every form MLflow's validate_path_is_safe refuses is a 400 'Invalid path'", () => {
  const FORMS: [string, string][] = [
    ["a `..` segment", "1/../../etc/passwd"],
    ["encoded dots", "1/%2e%2e/%2e%2e/etc/passwd"],
    ["upper-case encoded dots", "1/%2E%2E/secret"],
    ["an encoded slash", "1/..%2f..%2fartifacts"],
    ["a doubly encoded traversal", "1/%252e%252e%252fsecret"],
    ["an encoded absolute path", "%2fetc%2fpasswd"],
    ["a backslash", "1\\..\\secret"],
    ["an encoded backslash", "1/..%5c..%5csecret"],
    ["a Windows drive", "C:%5cWindows"],
    ["a NUL", "1/artifact%00"],
    ["a fragment", "1/a%23b"],
  ];
  it.each(FORMS)("%s (%s): download, upload, delete, list and multipart", async (_what, raw) => {
    const { ds } = await cast();
    const expect400 = (r: { status: number; json: unknown }) => {
      expect(r.status).toBe(400);
      expect(r.json).toEqual({ error_code: "INVALID_PARAMETER_VALUE", message: "Invalid path" });
    };
    expect400(await callArtifacts(route.GET, "GET", `artifacts/${raw}`, { token: ds.token }));
    expect400(await callArtifacts(route.PUT, "PUT", `artifacts/${raw}`, { token: ds.token, body: "x" }));
    expect400(await callArtifacts(route.DELETE, "DELETE", `artifacts/${raw}`, { token: ds.token }));
    expect400(
      await callArtifacts(route.GET, "GET", "artifacts", {
        token: ds.token,
        query: { path: decodeURIComponent(raw.replace(/%(?![0-9a-f]{2})/gi, "%25")) },
      }),
    );
    expect400(
      await callArtifacts(route.POST, "POST", `mpu/create/${raw}`, {
        token: ds.token,
        json: { path: "f.bin", num_parts: 1 },
      }),
    );
  });
  it("a literal `..` segment the router hands over decoded is refused too", async () => {
    const { ds } = await cast();
    const r = await callArtifacts(route.GET, "GET", "artifacts/1/x", {
      token: ds.token,
      segments: ["artifacts", "1", "..", "..", "etc"],
    });
    expect(r.status).toBe(400);
  });
});

describe("multipart (A5–A7)", () => {
  let s3: TS3Server;
  let fauxqs: TS3Server;
  beforeAll(async () => {
    s3 = await startS3Server();
    fauxqs = await startAbortingS3Server();
  });
  afterAll(async () => {
    installArtifactStore(local.store);
    await s3?.close();
    await fauxqs?.close();
  });

  it("the local store says multipart is unsupported, in the words the client checks — abort and complete too", async () => {
    const { ds } = await cast();
    const { root } = await newRun(ds.token);
    const unsupported = {
      error_code: "NOT_IMPLEMENTED",
      message: "Multipart upload is not supported for the current artifact repository",
    };
    const r = await callArtifacts(route.POST, "POST", `mpu/create/${root}`, {
      token: ds.token,
      json: { path: "/tmp/big.bin", num_parts: 2 },
    });
    expect(r.status).toBe(501);
    expect(r.json).toEqual(unsupported);
    // MLflow's client falls back to one PUT on this answer, so it never aborts against a local store; if
    // something does, the answer is the same, and nothing appears.
    for (const rpc of ["abort", "complete"]) {
      const x = await callArtifacts(route.POST, "POST", `mpu/${rpc}/${root}`, {
        token: ds.token,
        json: { path: "/tmp/big.bin", upload_id: "u-1", parts: [] },
      });
      expect([x.status, x.json]).toEqual([501, unsupported]);
    }
    expect(
      (await callArtifacts(route.GET, "GET", "artifacts", { token: ds.token, query: { path: root } })).json,
    ).toEqual({});
  });

  it("abort (A7) on an S3 store: the parts never become a file, a later complete is a 404, and only writers may abort", async () => {
    const { ds, outsider } = await cast();
    const { root } = await newRun(ds.token);
    installArtifactStore(fauxqs.store("proxy"));
    const file = { path: "/home/me/model/weights.bin" };
    const created = await callArtifacts(route.POST, "POST", `mpu/create/${root}/model`, {
      token: ds.token,
      json: { ...file, num_parts: 2 },
    });
    expect(created.status, created.bytes.toString()).toBe(200);
    const c1 = created.json.credentials[0] as { url: string; headers: Record<string, string> };
    const put = await fetch(c1.url, {
      method: "PUT",
      body: new Uint8Array(Buffer.alloc(5 * 1024 * 1024, 9)),
      headers: c1.headers,
    });
    expect(put.status).toBe(200);
    const upload = { ...file, upload_id: created.json.upload_id as string };

    expect(
      (await callArtifacts(route.POST, "POST", `mpu/abort/${root}/model`, { token: outsider.token, json: upload }))
        .status,
    ).toBe(403);
    const missing = await callArtifacts(route.POST, "POST", `mpu/abort/${root}/model`, { token: ds.token, json: file });
    expect([missing.status, missing.json.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    const aborted = await callArtifacts(route.POST, "POST", `mpu/abort/${root}/model`, {
      token: ds.token,
      json: upload,
    });
    expect([aborted.status, aborted.json]).toEqual([200, {}]);

    expect(
      (await callArtifacts(route.GET, "GET", "artifacts", { token: ds.token, query: { path: `${root}/model` } })).json,
    ).toEqual({});
    expect(
      (await callArtifacts(route.GET, "GET", `artifacts/${root}/model/weights.bin`, { token: ds.token })).status,
    ).toBe(404);
    const late = await callArtifacts(route.POST, "POST", `mpu/complete/${root}/model`, {
      token: ds.token,
      json: { ...upload, parts: [{ part_number: 1, etag: put.headers.get("etag") }] },
    });
    expect([late.status, late.json.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
    const again = await callArtifacts(route.POST, "POST", `mpu/abort/${root}/model`, { token: ds.token, json: upload });
    expect([again.status, again.json.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
    expect(
      (await callArtifacts(route.GET, "GET", "artifacts", { token: ds.token, query: { path: `${root}/model` } })).json,
    ).toEqual({});
  });

  it("a PUT whose client goes away half-way leaves no partial file on either store, and the old file stays", async () => {
    const { ds } = await cast();
    for (const [name, store] of [
      ["local", () => local.store],
      ["s3rver", () => s3.store("broken")],
      ["fauxqs", () => fauxqs.store("broken")],
    ] as const) {
      installArtifactStore(store());
      const { root } = await newRun(ds.token);
      expect(
        (
          await callArtifacts(route.PUT, "PUT", `artifacts/${root}/model/model.pkl`, {
            token: ds.token,
            body: "old bytes",
          })
        ).status,
      ).toBe(200);
      for (const target of ["model.pkl", "other.pkl"]) {
        let sent = 0;
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            // 10 MiB, past one S3 part (8 MiB), then the connection breaks.
            if (sent >= 10 * 1024 * 1024) return controller.error(new Error("connection reset by peer"));
            sent += 1024 * 1024;
            controller.enqueue(new Uint8Array(1024 * 1024).fill(5));
          },
        });
        const r = await callArtifacts(route.PUT, "PUT", `artifacts/${root}/model/${target}`, { token: ds.token, body });
        expect([r.status, r.json?.error_code], `${name} ${target}: ${r.bytes.toString()}`).toEqual([
          400,
          "BAD_REQUEST",
        ]);
      }
      const listed = await callArtifacts(route.GET, "GET", "artifacts", {
        token: ds.token,
        query: { path: `${root}/model` },
      });
      expect(listed.json, name).toEqual({ files: [{ path: "model.pkl", is_dir: false, file_size: 9 }] });
      expect(
        (
          await callArtifacts(route.GET, "GET", `artifacts/${root}/model/model.pkl`, { token: ds.token })
        ).bytes.toString(),
        name,
      ).toBe("old bytes");
      expect(
        (await callArtifacts(route.GET, "GET", `artifacts/${root}/model/other.pkl`, { token: ds.token })).status,
        name,
      ).toBe(404);
    }
    installArtifactStore(local.store);
  });

  it("the S3 store hands out presigned part URLs; the uploaded parts become one file, read back through the proxy", async () => {
    const { ds } = await cast();
    const { root } = await newRun(ds.token);
    installArtifactStore(s3.store("proxy"));
    const created = await callArtifacts(route.POST, "POST", `mpu/create/${root}/model`, {
      token: ds.token,
      json: { path: "/home/me/model/weights.bin", num_parts: 2 },
    });
    expect(created.status, created.bytes.toString()).toBe(200);
    expect(created.json.upload_id).toEqual(expect.any(String));
    expect(created.json.credentials.map((c: { part_number: number }) => c.part_number)).toEqual([1, 2]);
    const bodies = [Buffer.alloc(5 * 1024 * 1024, 1), Buffer.from("end")];
    const parts = [];
    for (const [i, c] of (
      created.json.credentials as { url: string; part_number: number; headers: Record<string, string> }[]
    ).entries()) {
      const put = await fetch(c.url, { method: "PUT", body: new Uint8Array(bodies[i]!), headers: c.headers });
      expect(put.status).toBe(200);
      parts.push({ part_number: c.part_number, etag: put.headers.get("etag"), url: c.url });
    }
    const done = await callArtifacts(route.POST, "POST", `mpu/complete/${root}/model`, {
      token: ds.token,
      json: { path: "/home/me/model/weights.bin", upload_id: created.json.upload_id, parts },
    });
    expect(done.status, done.bytes.toString()).toBe(200);
    expect(done.json).toEqual({});
    const got = await callArtifacts(route.GET, "GET", `artifacts/${root}/model/weights.bin`, { token: ds.token });
    expect(got.bytes.length).toBe(5 * 1024 * 1024 + 3);
    expect(got.bytes.subarray(-3).toString()).toBe("end");
    const listed = await callArtifacts(route.GET, "GET", "artifacts", {
      token: ds.token,
      query: { path: `${root}/model` },
    });
    expect(listed.json).toEqual({ files: [{ path: "weights.bin", is_dir: false, file_size: 5 * 1024 * 1024 + 3 }] });
    const outsider = (await cast()).outsider;
    expect(
      (
        await callArtifacts(route.POST, "POST", `mpu/create/${root}/model`, {
          token: outsider.token,
          json: { path: "x.bin", num_parts: 1 },
        })
      ).status,
    ).toBe(403);
  });
});
