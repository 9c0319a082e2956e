/**
 * MLflow registered-model names are free text ("Fraud Detector v2"); Modelgate models are addressed by a
 * slug in URLs. A model created or renamed through MLflow keeps its MLflow name in `mlflowName` when that
 * name is not itself a usable slug, and gets a slug derived from it.
 */
// Same rule as ZSlug in lib/schemas/models.ts (a test checks they agree).
const SLUG_RE = /^[a-z][a-z0-9-]{1,62}[a-z0-9]$/;
const MAX_SLUG = 64;

export function isValidSlug(s: string): boolean {
  return SLUG_RE.test(s) && !s.includes("--");
}

/** The slug a name would like to have: lowercase, runs of other characters become one hyphen. */
export function slugBase(name: string): string {
  let s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (!/^[a-z]/.test(s)) s = s ? `m-${s}` : "model";
  if (s.length < 3) s = `${s}-model`;
  s = s.slice(0, MAX_SLUG).replace(/-+$/, "");
  return isValidSlug(s) ? s : "model";
}

/** `base`, then `base-2`, `base-3`… (truncated so the suffix fits in 64 characters). */
export function slugCandidate(base: string, attempt: number): string {
  if (attempt <= 1) return base;
  const suffix = `-${attempt}`;
  return `${base.slice(0, MAX_SLUG - suffix.length).replace(/-+$/, "")}${suffix}`;
}

/**
 * Where a name goes: when the name is itself a valid slug nobody holds (or the model's own), it becomes the
 * slug and no separate MLflow name is kept; otherwise the name is kept in `mlflowName`.
 */
export function placeName(
  name: string,
  currentSlug: string | null,
  slugTaken: boolean,
): { slug: string | null; mlflowName: string | null } {
  if (name === currentSlug) return { slug: currentSlug, mlflowName: null };
  if (isValidSlug(name) && !slugTaken) return { slug: name, mlflowName: null };
  return { slug: null, mlflowName: name };
}
