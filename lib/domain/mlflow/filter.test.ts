import { describe, expect, it } from "vitest";
import { FILTER_SPECS, parseFilter, parseSearchFilter } from "./filter";
import { MlflowInputError } from "./input-error";

describe("parseFilter", () => {
  it("parses clauses joined by AND, with every comparator", () => {
    expect(parseFilter("name = 'fraud' AND tags.team != \"risk\" and version_number >= 2")).toEqual([
      { entity: "attribute", key: "name", comparator: "=", value: "fraud" },
      { entity: "tag", key: "team", comparator: "!=", value: "risk" },
      { entity: "attribute", key: "version_number", comparator: ">=", value: 2 },
    ]);
    expect(parseFilter("name LIKE 'fr%' AND name ilike '%UD'")).toMatchObject([
      { comparator: "LIKE", value: "fr%" },
      { comparator: "ILIKE", value: "%UD" },
    ]);
    expect(parseFilter("run_id IN ('a', 'b') AND run_id NOT IN ('c')")).toMatchObject([
      { key: "run_id", comparator: "IN", value: ["a", "b"] },
      { key: "run_id", comparator: "NOT IN", value: ["c"] },
    ]);
    expect(
      parseFilter("version_number < 3 AND version_number <> 1 AND version_number > -1 AND version_number <= 9"),
    ).toMatchObject([
      { comparator: "<", value: 3 },
      { comparator: "!=", value: 1 },
      { comparator: ">", value: -1 },
      { comparator: "<=", value: 9 },
    ]);
  });

  it("reads quoted keys, entity prefixes and escaped quotes", () => {
    expect(parseFilter("tags.`my key` = 'it''s'")).toEqual([
      { entity: "tag", key: "my key", comparator: "=", value: "it's" },
    ]);
    expect(parseFilter("tags.\"team name\" = 'x'")).toEqual([
      { entity: "tag", key: "team name", comparator: "=", value: "x" },
    ]);
    expect(
      parseFilter("attributes.name = 'a' AND metrics.auc > 0.8 AND params.lr = '0.1' AND tag.env = 'p'"),
    ).toMatchObject([
      { entity: "attribute", key: "name" },
      { entity: "metric", key: "auc", value: 0.8 },
      { entity: "param", key: "lr", value: "0.1" },
      { entity: "tag", key: "env" },
    ]);
    expect(parseFilter("`name` = 'a'")).toEqual([{ entity: "attribute", key: "name", comparator: "=", value: "a" }]);
  });

  it("treats an empty filter as no clauses", () => {
    expect(parseFilter(undefined)).toEqual([]);
    expect(parseFilter("   ")).toEqual([]);
  });

  it.each([
    ["name = 'a' OR name = 'b'", /OR is not supported/],
    ["name 'a'", /expected a comparator/],
    ["name = ", /expected a value/],
    ["name = 'a", /unterminated/],
    ["name = 'a' name = 'b'", /Invalid clause/],
    ["run_id IN 'a'", /needs a list/],
    ["run_id = ('a')", /needs IN or NOT IN/],
    ["run_id IN ('a' 'b')", /expected ',' or '\)'/],
    ["foo.bar = 'x'", /Invalid entity type 'foo'/],
    ["name ! 'x'", /unexpected '!'/],
    ["= 'x'", /expected a key/],
  ])("refuses %s", (text, message) => {
    expect(() => parseFilter(text)).toThrow(MlflowInputError);
    expect(() => parseFilter(text)).toThrow(message);
  });
});

describe("checkFilter per search", () => {
  it("accepts what registered-model search accepts and refuses the rest", () => {
    expect(
      parseSearchFilter("name ILIKE '%fraud%' AND tags.team = 'risk'", FILTER_SPECS.registeredModels),
    ).toHaveLength(2);
    expect(() => parseSearchFilter("run_id = 'x'", FILTER_SPECS.registeredModels)).toThrow(
      "Invalid attribute key 'run_id' specified. Valid keys are '['name']'",
    );
    expect(() => parseSearchFilter("name IN ('a')", FILTER_SPECS.registeredModels)).toThrow(
      "Invalid comparator 'IN' not one of '['=', '!=', 'LIKE', 'ILIKE']'",
    );
    expect(() => parseSearchFilter("name > 'a'", FILTER_SPECS.registeredModels)).toThrow(/Invalid comparator '>'/);
    expect(() => parseSearchFilter("metrics.auc > 1", FILTER_SPECS.registeredModels)).toThrow(
      /Invalid entity type 'metric'/,
    );
    expect(() => parseSearchFilter("name = 3", FILTER_SPECS.registeredModels)).toThrow(
      /Expected a quoted string value/,
    );
  });

  it("accepts what model-version search accepts and converts version numbers", () => {
    const c = parseSearchFilter(
      "name = 'm' AND version_number = '3' AND run_id IN ('r1','r2') AND source_path LIKE 's3://%' AND tags.fw = 'sk'",
      FILTER_SPECS.modelVersions,
    );
    expect(c.map((x) => [x.key, x.value])).toEqual([
      ["name", "m"],
      ["version_number", 3],
      ["run_id", ["r1", "r2"]],
      ["source_path", "s3://%"],
      ["fw", "sk"],
    ]);
    expect(parseSearchFilter("version_number IN (1, '2')", FILTER_SPECS.modelVersions)[0]!.value).toEqual([1, 2]);
    expect(parseSearchFilter("source = 'x' AND version = 2", FILTER_SPECS.modelVersions).map((x) => x.key)).toEqual([
      "source_path",
      "version_number",
    ]);
    expect(() => parseSearchFilter("version_number = 'two'", FILTER_SPECS.modelVersions)).toThrow(
      /Expected numeric value/,
    );
    expect(() => parseSearchFilter("run_id LIKE 'a%'", FILTER_SPECS.modelVersions)).toThrow(
      /Invalid comparator 'LIKE'/,
    );
    expect(() => parseSearchFilter("stage = 'Production'", FILTER_SPECS.modelVersions)).toThrow(
      /Invalid attribute key 'stage'/,
    );
  });

  it("accepts run filters on metrics, params, tags and attributes", () => {
    const c = parseSearchFilter(
      "metrics.auc >= 0.8 AND params.depth = '3' AND attributes.status = 'FINISHED' AND tags.`mlflow.runName` LIKE 'a%'",
      FILTER_SPECS.runs,
    );
    expect(c.map((x) => x.entity)).toEqual(["metric", "param", "attribute", "tag"]);
    expect(() => parseSearchFilter("metrics.auc LIKE '1'", FILTER_SPECS.runs)).toThrow(/Invalid comparator/);
    expect(parseSearchFilter("attributes.run_name = 'x'", FILTER_SPECS.runs)[0]!.key).toBe("run_name");
  });
});
