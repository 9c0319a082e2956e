import { describe, expect, it } from "vitest";
import {
  assessModelCard,
  MODEL_CARD_SECTIONS,
  modelCardRequirement,
  modelCardTemplate,
  readModelCardSections,
} from "./model-card";

const filled = (skip: string[] = []) =>
  MODEL_CARD_SECTIONS.filter((s) => !skip.includes(s.title))
    .map((s) => `## ${s.title}\n\nWritten text for ${s.key}.\n`)
    .join("\n");

describe("modelCardTemplate", () => {
  it("has every section, and an untouched template is not complete (its guidance is comments)", () => {
    const t = modelCardTemplate({ title: "Credit default", slug: "credit-default" });
    for (const s of MODEL_CARD_SECTIONS) expect(t).toContain(`## ${s.title}`);
    expect(assessModelCard(t)).toEqual({
      complete: false,
      missing: [],
      empty: MODEL_CARD_SECTIONS.map((s) => s.title),
    });
  });
});

describe("assessModelCard", () => {
  it("is complete when every section says something, in any order, with any heading case or trailing #s", () => {
    const card = `# Card\n\n${filled().replace("## Intended use", "## INTENDED USE ##").replace("## Caveats and recommendations", "## Caveats & recommendations")}`;
    expect(assessModelCard(card)).toEqual({ complete: true, missing: [], empty: [] });
  });

  it("names missing and empty sections; a comment or whitespace is empty", () => {
    const card = `${filled(["Factors", "Metrics"])}\n## Metrics\n\n<!-- todo -->\n   \n`;
    expect(assessModelCard(card)).toEqual({ complete: false, missing: ["Factors"], empty: ["Metrics"] });
  });

  it("does not take a heading inside a fenced code block, or a level-3 heading, for a section", () => {
    const card = `${filled(["Factors"])}\n\`\`\`md\n## Factors\nnot really\n\`\`\`\n\n### Factors\ntext`;
    expect(assessModelCard(card).missing).toEqual(["Factors"]);
  });

  it("a level-3 heading inside a section belongs to it; a level-1 heading ends it", () => {
    const sections = readModelCardSections("## Factors\n\n### Age\nbands\n# Appendix\nx\n## Metrics\nauc");
    expect(sections.get("factors")).toContain("bands");
    expect(sections.get("factors")).not.toContain("x\n");
    expect(sections.get("metrics")).toBe("auc\n");
  });
});

describe("modelCardRequirement", () => {
  it("says what to do for no card, names the gaps, and is met for a full card", () => {
    expect(modelCardRequirement("  ")).toMatchObject({ key: "model-card", met: false });
    expect(modelCardRequirement(filled(["Factors"])).detail).toBe("Sections missing Factors.");
    expect(modelCardRequirement(`${filled(["Factors"])}\n## Factors\n`).detail).toBe("Sections empty Factors.");
    expect(modelCardRequirement(filled())).toMatchObject({ met: true, detail: "All 7 sections written." });
  });
});
