import { MlflowInputError } from "./input-error";

const ALIAS_RE = /^[\w-]*$/;
export const MAX_ALIAS_LENGTH = 255;

/**
 * MLflow's alias rules: word characters and hyphens, at most 255 characters; "latest" (any case) and
 * v<digits> are reserved because `models:/name@latest` and `@v3`-style references mean something else.
 */
export function validateAlias(alias: string): void {
  if (alias.length > MAX_ALIAS_LENGTH)
    throw new MlflowInputError(`Alias name cannot be longer than ${MAX_ALIAS_LENGTH} characters, got ${alias.length}.`);
  if (!ALIAS_RE.test(alias)) {
    throw new MlflowInputError(
      `Invalid alias name: '${alias}'. Names may only contain alphanumerics, underscores (_), and dashes (-).`,
    );
  }
  if (alias.toLowerCase() === "latest")
    throw new MlflowInputError(`'${alias}' alias name (case insensitive) is reserved.`);
  if (/^v\d+$/i.test(alias)) throw new MlflowInputError(`Version alias name '${alias}' is reserved.`);
}
