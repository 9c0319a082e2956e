import { describe, expect, it } from "vitest";
import { compareWithSignature, featureName, readMlmodel } from "./mlmodel";

const SKLEARN = `artifact_path: model
flavors:
  python_function:
    loader_module: mlflow.sklearn
  sklearn:
    sklearn_version: 1.4.2
signature:
  inputs: '[{"type": "double", "name": "x"}, {"type": "integer", "name": "n", "required": false}, {"type": "binary", "name": "blob"}, {"type": "string"}]'
  outputs: '[{"type": "long"}]'
`;

describe("readMlmodel", () => {
  it("reads flavours, the framework with its version, and maps column types", () => {
    const m = readMlmodel(SKLEARN);
    expect(m.flavors).toEqual(["python_function", "sklearn"]);
    expect(m.framework).toBe("sklearn 1.4.2");
    expect(m.signature).toMatchObject({
      kind: "columns",
      features: [
        { name: "x", type: "numeric", nullable: false },
        { name: "n", type: "numeric", nullable: true },
        { name: "col_3", type: "categorical", nullable: false },
      ],
      unmapped: [{ name: "blob", type: "binary" }],
    });
    expect(m.outputs).toBe('[{"type": "long"}]');
  });
  it("reports tensor signatures as such, and models without signature or flavour", () => {
    expect(
      readMlmodel(
        `flavors:\n  pytorch:\n    pytorch_version: 2.2.0\nsignature:\n  inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 3]}}]'\n`,
      ),
    ).toMatchObject({
      framework: "pytorch 2.2.0",
      signature: { kind: "tensor", inputs: [{ dtype: "float32", shape: [-1, 3] }] },
    });
    expect(readMlmodel("flavors:\n  python_function: {}\n")).toMatchObject({
      framework: "",
      signature: { kind: "none" },
    });
    expect(readMlmodel("")).toMatchObject({ flavors: [], signature: { kind: "none" } });
    expect(() => readMlmodel("flavors: [unclosed")).toThrow();
  });
  it("makes valid, unique feature names", () => {
    expect(featureName("sepal length (cm)")).toBe("sepal_length_cm");
    expect(featureName("1st")).toBe("_1st");
    expect(featureName("ok_name")).toBe("ok_name");
    const m = readMlmodel(
      `signature:\n  inputs: '[{"type": "double", "name": "a b"}, {"type": "double", "name": "a_b"}]'\n`,
    );
    expect(m.signature.kind === "columns" && m.signature.features.map((f) => f.name)).toEqual(["a_b", "a_b_2"]);
  });
  it("compares a tag's schema with the signature's", () => {
    const sig = [
      { name: "a", type: "numeric" as const, nullable: false },
      { name: "b", type: "categorical" as const, nullable: false },
    ];
    expect(compareWithSignature(sig, sig)).toBeNull();
    expect(
      compareWithSignature(
        [
          { name: "a", type: "categorical", nullable: false },
          { name: "c", type: "numeric", nullable: false },
        ],
        sig,
      ),
    ).toEqual({
      onlyInTag: ["c"],
      onlyInSignature: ["b"],
      typeDiffers: [{ name: "a", tag: "categorical", signature: "numeric" }],
    });
  });
});
