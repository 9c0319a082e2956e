import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZSlug } from "@/lib/schemas/models";
import { isValidSlug, placeName, slugBase, slugCandidate } from "./names";

describe("names and slugs", () => {
  it("derives readable slugs", () => {
    expect(slugBase("Fraud Detector v2")).toBe("fraud-detector-v2");
    expect(slugBase("churn_model")).toBe("churn-model");
    expect(slugBase("42 things")).toBe("m-42-things");
    expect(slugBase("ab")).toBe("ab-model");
    expect(slugBase("Émile's café")).toBe("emile-s-cafe");
    expect(slugBase("!!!")).toBe("model");
  });

  it("always yields a slug Modelgate accepts, with or without a suffix", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 100_000 }), (name, attempt) => {
        const s = slugCandidate(slugBase(name), attempt);
        return isValidSlug(s) && ZSlug.safeParse(s).success;
      }),
    );
  });

  it("keeps a separate MLflow name only when the name cannot be the slug", () => {
    expect(placeName("fraud", null, false)).toEqual({ slug: "fraud", mlflowName: null });
    expect(placeName("fraud", null, true)).toEqual({ slug: null, mlflowName: "fraud" });
    expect(placeName("Fraud Model", null, false)).toEqual({ slug: null, mlflowName: "Fraud Model" });
    expect(placeName("own-slug", "own-slug", true)).toEqual({ slug: "own-slug", mlflowName: null });
  });
});
