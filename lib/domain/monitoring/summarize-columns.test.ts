import { describe, expect, it } from "vitest";
import { CATEGORIES_MAX, summarizeColumns } from "./summarize-columns";

describe("summarizeColumns", () => {
  it("describes numeric and categorical features, then prediction and label", () => {
    const out = summarizeColumns(
      [
        { name: "x", type: "numeric" },
        { name: "c", type: "categorical" },
        { name: "gone", type: "numeric" },
      ],
      {
        columns: { x: [3, null, -1, 7], c: ["b", "a", "b", null] },
        prediction: [0.1, 0.2, 0.3, 0.4],
        label: [null, null, null, null],
      },
    );
    expect(out).toEqual([
      {
        name: "x",
        role: "feature",
        type: "numeric",
        missingRate: 0.25,
        min: -1,
        max: 7,
        categories: null,
        categoryCount: null,
      },
      {
        name: "c",
        role: "feature",
        type: "categorical",
        missingRate: 0.25,
        min: null,
        max: null,
        categories: ["b", "a"],
        categoryCount: 2,
      },
      {
        name: "prediction",
        role: "prediction",
        type: "numeric",
        missingRate: 0,
        min: 0.1,
        max: 0.4,
        categories: null,
        categoryCount: null,
      },
      {
        name: "label",
        role: "label",
        type: "numeric",
        missingRate: 1,
        min: null,
        max: null,
        categories: null,
        categoryCount: null,
      },
    ]);
  });

  it("keeps the most frequent categories and counts them all", () => {
    const values = Array.from({ length: 300 }, (_, i) => `k${i % 150}`);
    const [c] = summarizeColumns([{ name: "c", type: "categorical" }], { columns: { c: values } });
    expect(c!.categories).toHaveLength(CATEGORIES_MAX);
    expect(c!.categoryCount).toBe(150);
  });
});
