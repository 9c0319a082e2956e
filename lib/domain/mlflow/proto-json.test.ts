import { describe, expect, it } from "vitest";
import {
  experimentJson,
  modelVersionJson,
  protoDouble,
  registeredModelJson,
  runJson,
  type TVersionFacts,
} from "./proto-json";

const V: TVersionFacts = {
  name: "fraud",
  number: 1,
  createdAt: 1700000000000,
  updatedAt: 1700000000001,
  userId: null,
  stage: "DESIGN",
  description: "",
  source: "s3://b/fraud/1",
  runId: null,
  runLink: "",
  tags: [{ key: "fw", value: "sklearn" }],
  aliases: [],
};

describe("proto-JSON", () => {
  it("serialises a version as MLflow 2.11's SQL store does (golden shape)", () => {
    const json = modelVersionJson(V);
    expect(Object.keys(json)).toEqual([
      "name",
      "version",
      "creation_timestamp",
      "last_updated_timestamp",
      "current_stage",
      "description",
      "source",
      "run_id",
      "status",
      "tags",
      "run_link",
    ]);
    expect(json).toEqual({
      name: "fraud",
      version: "1",
      creation_timestamp: 1700000000000,
      last_updated_timestamp: 1700000000001,
      current_stage: "None",
      description: "",
      source: "s3://b/fraud/1",
      run_id: "",
      status: "READY",
      tags: [{ key: "fw", value: "sklearn" }],
      run_link: "",
    });
  });

  it("adds user_id and aliases when known and omits empty tags", () => {
    const json = modelVersionJson({
      ...V,
      userId: "a@x",
      stage: "MONITORING",
      tags: [],
      aliases: ["champion"],
      runId: "r1",
    });
    expect(json).toMatchObject({ user_id: "a@x", current_stage: "Production", aliases: ["champion"], run_id: "r1" });
    expect(json).not.toHaveProperty("tags");
  });

  it("serialises a registered model with versions as strings and unset fields omitted", () => {
    expect(
      registeredModelJson({
        name: "m",
        createdAt: 1,
        updatedAt: 2,
        description: "",
        latestVersions: [],
        tags: [],
        aliases: [],
      }),
    ).toEqual({ name: "m", creation_timestamp: 1, last_updated_timestamp: 2 });
    const full = registeredModelJson({
      name: "m",
      createdAt: 1,
      updatedAt: 2,
      description: "d",
      latestVersions: [V],
      tags: [{ key: "team", value: "risk" }],
      aliases: [{ alias: "champion", version: 2 }],
    });
    expect(Object.keys(full)).toEqual([
      "name",
      "creation_timestamp",
      "last_updated_timestamp",
      "description",
      "latest_versions",
      "tags",
      "aliases",
    ]);
    expect(full.aliases).toEqual([{ alias: "champion", version: "2" }]);
    expect(full.latest_versions![0]!.version).toBe("1");
  });

  it("writes non-finite doubles as proto3 JSON strings", () => {
    expect([protoDouble(0.5), protoDouble(Number.NaN), protoDouble(Infinity), protoDouble(-Infinity)]).toEqual([
      0.5,
      "NaN",
      "Infinity",
      "-Infinity",
    ]);
  });

  it("serialises experiments and runs", () => {
    expect(
      experimentJson({
        id: 0,
        name: "Default",
        artifactLocation: "./mlruns/0",
        lifecycleStage: "active",
        createdAt: 1,
        updatedAt: 2,
        tags: [],
      }),
    ).toEqual({
      experiment_id: "0",
      name: "Default",
      artifact_location: "./mlruns/0",
      lifecycle_stage: "active",
      last_update_time: 2,
      creation_time: 1,
    });
    const run = runJson({
      id: "abc",
      experimentId: 3,
      name: "r",
      userId: "u",
      status: "RUNNING",
      startTime: 5,
      endTime: null,
      artifactUri: "a",
      lifecycleStage: "active",
      metrics: [{ key: "auc", value: 0.9, timestamp: 6, step: 0 }],
      params: [],
      tags: [],
      inputs: [],
    });
    expect(run).toEqual({
      info: {
        run_uuid: "abc",
        experiment_id: "3",
        run_name: "r",
        user_id: "u",
        status: "RUNNING",
        start_time: 5,
        artifact_uri: "a",
        lifecycle_stage: "active",
        run_id: "abc",
      },
      data: { metrics: [{ key: "auc", value: 0.9, timestamp: 6, step: 0 }] },
      inputs: {},
    });
  });
});
