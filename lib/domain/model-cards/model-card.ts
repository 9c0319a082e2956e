/**
 * Model cards (issue 17), after Mitchell et al., "Model Cards for Model Reporting", FAT* 2019
 * (arXiv:1810.03993): a markdown document per model with one level-2 heading per section. A card is
 * complete when every required section is present and says something — guidance left in the template as
 * HTML comments does not count, so an untouched template is not complete.
 */

export const MODEL_CARD_SECTIONS = [
  {
    key: "intended-use",
    title: "Intended use",
    guidance: "Primary intended uses and users; uses that are out of scope.",
  },
  {
    key: "factors",
    title: "Factors",
    guidance: "Groups, instrumentation and environments the model's performance may vary across; which were evaluated.",
  },
  {
    key: "metrics",
    title: "Metrics",
    guidance: "Performance measures reported and why; decision thresholds; how uncertainty was estimated.",
  },
  {
    key: "evaluation-data",
    title: "Evaluation data",
    guidance: "Datasets the figures come from, why they were chosen, how they were preprocessed.",
  },
  {
    key: "training-data",
    title: "Training data",
    guidance:
      "What the model learned from (or as much as can be shared): sources, period, distribution over the factors.",
  },
  {
    key: "ethical-considerations",
    title: "Ethical considerations",
    guidance: "Sensitive data, risks and harms, mitigations, use cases to be wary of.",
  },
  {
    key: "caveats",
    title: "Caveats and recommendations",
    guidance: "Known limitations, what was not tested, advice for the people who use the model.",
  },
] as const;

export type TModelCardSectionKey = (typeof MODEL_CARD_SECTIONS)[number]["key"];

/** Longest card accepted (characters); a long card with tables stays far below it. */
export const MAX_MODEL_CARD_LENGTH = 100_000;

/** The card a model starts from: a title, then each section's heading with its guidance as an invisible comment. */
export function modelCardTemplate(model: { title: string; slug: string }): string {
  const sections = MODEL_CARD_SECTIONS.map((s) => `## ${s.title}\n\n<!-- ${s.guidance} -->\n`);
  return `# Model card: ${model.title}\n\n<!-- Model ${model.slug}. Replace each comment with the section's content; a section with only a comment counts as empty. -->\n\n${sections.join("\n")}`;
}

/** Heading text normalised for matching: case, punctuation, "&" and surrounding spaces do not matter. */
function normalise(title: string): string {
  return title
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** Accepted headings per section: the paper's titles and their obvious short forms. */
const ALIASES: Record<TModelCardSectionKey, string[]> = {
  "intended-use": ["intended use", "intended uses"],
  factors: ["factors", "relevant factors"],
  metrics: ["metrics", "performance metrics"],
  "evaluation-data": ["evaluation data"],
  "training-data": ["training data"],
  "ethical-considerations": ["ethical considerations", "ethics"],
  caveats: ["caveats and recommendations", "caveats", "caveats recommendations"],
};

const SECTION_BY_HEADING = new Map<string, TModelCardSectionKey>(
  (Object.entries(ALIASES) as [TModelCardSectionKey, string[]][]).flatMap(([key, names]) =>
    names.map((n) => [n, key] as const),
  ),
);

/** Markdown with HTML comments and fenced-code fences kept apart so a "## x" inside a code block is not a heading. */
function stripComments(text: string): string {
  return text.replace(/<!--[\s\S]*?(-->|$)/g, "");
}

/**
 * Splits a card into its sections: the text under each recognised level-2 heading, up to the next level-1 or
 * level-2 heading. Headings inside fenced code blocks are ignored. A section written twice keeps both bodies.
 */
export function readModelCardSections(markdown: string): Map<TModelCardSectionKey, string> {
  const out = new Map<TModelCardSectionKey, string>();
  let current: TModelCardSectionKey | null = null;
  let fence: string | null = null;
  for (const line of markdown.split(/\r?\n/)) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) fence = fence === null ? f[1]![0]! : fence === f[1]![0] ? null : fence;
    const h = fence === null && !f ? /^\s{0,3}(#{1,2})\s+(.*?)\s*#*\s*$/.exec(line) : null;
    if (h) {
      current = h[1] === "##" ? (SECTION_BY_HEADING.get(normalise(h[2]!)) ?? null) : null;
      if (current && !out.has(current)) out.set(current, "");
      continue;
    }
    if (current) out.set(current, `${out.get(current)}${line}\n`);
  }
  return out;
}

export type TModelCardAssessment = {
  complete: boolean;
  /** Sections with no heading in the card. */
  missing: string[];
  /** Sections whose heading is there but with nothing under it (comments and whitespace only). */
  empty: string[];
};

/** Is every required section present and non-empty? Titles are returned in the template's order. */
export function assessModelCard(markdown: string): TModelCardAssessment {
  const sections = readModelCardSections(markdown);
  const missing: string[] = [];
  const empty: string[] = [];
  for (const s of MODEL_CARD_SECTIONS) {
    const body = sections.get(s.key);
    if (body === undefined) missing.push(s.title);
    else if (!stripComments(body).trim()) empty.push(s.title);
  }
  return { complete: missing.length === 0 && empty.length === 0, missing, empty };
}

/**
 * The gate requirement "model card complete": every template section present and non-empty. The detail names
 * what is missing, so the checklist tells the owner exactly which sections to write.
 */
export function modelCardRequirement(card: string): { key: string; label: string; met: boolean; detail: string } {
  const label = "Model card complete";
  if (!card.trim())
    return {
      key: "model-card",
      label,
      met: false,
      detail: "The model has no card yet: write it on the model's page (Model card → Edit).",
    };
  const a = assessModelCard(card);
  if (a.complete)
    return { key: "model-card", label, met: true, detail: `All ${MODEL_CARD_SECTIONS.length} sections written.` };
  const parts = [
    a.missing.length ? `missing ${a.missing.join(", ")}` : "",
    a.empty.length ? `empty ${a.empty.join(", ")}` : "",
  ].filter(Boolean);
  return { key: "model-card", label, met: false, detail: `Sections ${parts.join("; ")}.` };
}
