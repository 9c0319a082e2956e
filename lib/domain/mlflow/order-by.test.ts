import { describe, expect, it } from "vitest";
import { ORDER_SPECS, parseOrderBy } from "./order-by";

describe("parseOrderBy", () => {
  it("appends name ASC to registered-model orderings and maps timestamp", () => {
    expect(parseOrderBy(["timestamp DESC"], ORDER_SPECS.registeredModels)).toEqual([
      { entity: "attribute", key: "last_updated_timestamp", ascending: false },
      { entity: "attribute", key: "name", ascending: true },
    ]);
    expect(parseOrderBy(["name DESC"], ORDER_SPECS.registeredModels)).toEqual([
      { entity: "attribute", key: "name", ascending: false },
    ]);
    expect(parseOrderBy(undefined, ORDER_SPECS.registeredModels)).toEqual([
      { entity: "attribute", key: "name", ascending: true },
    ]);
    expect(
      parseOrderBy(["last_updated_timestamp", "name asc"], ORDER_SPECS.registeredModels).map((t) => t.key),
    ).toEqual(["last_updated_timestamp", "name"]);
  });

  it("defaults model versions to last_updated DESC, name ASC, version DESC", () => {
    expect(parseOrderBy([], ORDER_SPECS.modelVersions).map((t) => `${t.key} ${t.ascending ? "ASC" : "DESC"}`)).toEqual([
      "last_updated_timestamp DESC",
      "name ASC",
      "version_number DESC",
    ]);
    expect(parseOrderBy(["version_number ASC"], ORDER_SPECS.modelVersions).map((t) => t.key)).toEqual([
      "version_number",
      "name",
    ]);
  });

  it("refuses unknown keys, bad syntax and duplicates with MLflow's wording", () => {
    expect(() => parseOrderBy(["creation_timestamp"], ORDER_SPECS.registeredModels)).toThrow(
      "Invalid order by key 'creation_timestamp' specified. Valid keys are '{'name', 'timestamp', 'last_updated_timestamp'}'",
    );
    expect(() => parseOrderBy(["name SIDEWAYS"], ORDER_SPECS.registeredModels)).toThrow(
      "Invalid order_by clause 'name SIDEWAYS'. Could not be parsed.",
    );
    expect(() => parseOrderBy(["name", "name DESC"], ORDER_SPECS.registeredModels)).toThrow(/duplicate fields/);
    expect(() => parseOrderBy(["metrics.auc"], ORDER_SPECS.modelVersions)).toThrow(/not supported/);
  });

  it("orders runs by metrics, params and attributes", () => {
    expect(
      parseOrderBy(["metrics.auc DESC", "params.`learning rate`", "attributes.start_time"], ORDER_SPECS.runs),
    ).toEqual([
      { entity: "metric", key: "auc", ascending: false },
      { entity: "param", key: "learning rate", ascending: true },
      { entity: "attribute", key: "start_time", ascending: true },
      { entity: "attribute", key: "run_id", ascending: true },
    ]);
  });
});
