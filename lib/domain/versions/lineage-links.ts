/**
 * Where a version's lineage points (issue 17): its git commit on the code host, through the operator's
 * MODELGATE_GIT_WEB_URL template, and its MLflow run, on Modelgate's own run page.
 */

const SHA_RE = /^[0-9a-f]{7,40}$/i;

/** A template is an http(s) URL holding `{sha}` exactly where the commit goes. */
export function isGitWebUrlTemplate(template: string): boolean {
  if (!template.includes("{sha}")) return false;
  try {
    const u = new URL(template.replaceAll("{sha}", "0000000"));
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
}

/**
 * The commit's page, or null when there is no template or the commit is not a hex sha (what a version stores
 * is validated at registration, but MLflow sources may carry anything): a link is never built from free text.
 */
export function gitCommitUrl(template: string | null | undefined, sha: string): string | null {
  if (!template || !SHA_RE.test(sha) || !isGitWebUrlTemplate(template)) return null;
  return template.replaceAll("{sha}", sha.toLowerCase());
}

/** Modelgate's page of an MLflow run (runs are 32-hex ids; anything else gets no link). */
export function mlflowRunPath(runId: string | null | undefined): string | null {
  return runId && /^[\w-]{1,64}$/.test(runId) ? `/mlflow/runs/${encodeURIComponent(runId)}` : null;
}

/** A training-dataset reference worth linking: only http(s) URLs (s3://, paths and table names are shown as text). */
export function datasetUrl(dataset: string): string | null {
  try {
    const u = new URL(dataset);
    return u.protocol === "https:" || u.protocol === "http:" ? u.toString() : null;
  } catch {
    return null;
  }
}
