import "server-only";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { isAppError } from "@/lib/errors";
import { looksLikeApiToken } from "../auth/api-tokens";
import { getRequestActor } from "../auth/get-actor";
import { actorFromApiToken } from "../auth/resolve-actor";
import { checkCredentialsGuarded } from "../auth/sign-in-guard";
import { clientIp } from "../http/client-ip";
import { mlflowError } from "./mlflow-error";

const HOW =
  "Set MLFLOW_TRACKING_TOKEN to a Modelgate API token, or MLFLOW_TRACKING_USERNAME (your email) and MLFLOW_TRACKING_PASSWORD.";

/**
 * Who is calling, authenticated the ways MLflow clients send credentials:
 * - `Authorization: Bearer <token>` (MLFLOW_TRACKING_TOKEN): a Modelgate API token, limited to its scopes;
 * - `Authorization: Basic` (MLFLOW_TRACKING_USERNAME / PASSWORD): the username is the user's email and
 *   the password is either an API token of that user (recommended for pipelines: scoped, revocable, and
 *   no password hash per request) or the account password (acts with the user's full roles);
 * - otherwise the browser session (MLflow's UI calls /ajax-api with cookies).
 * Anonymous requests are refused with UNAUTHENTICATED.
 */
export async function authenticateMlflowRequest(req: Request): Promise<TActor> {
  const header = req.headers.get("authorization")?.trim();
  if (header) {
    const space = header.indexOf(" ");
    const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
    const credentials = space < 0 ? "" : header.slice(space + 1).trim();
    if (scheme === "bearer" && credentials) return reword(actorFromApiToken(credentials));
    if (scheme === "basic" && credentials) return basic(credentials, clientIp(req.headers));
    throw mlflowError(
      "UNAUTHENTICATED",
      `The Authorization header must be 'Bearer <token>' or 'Basic <credentials>'. ${HOW}`,
    );
  }
  try {
    return await getRequestActor(req, "session");
  } catch (err) {
    if (isAppError(err) && err.code === "UNAUTHENTICATED")
      throw mlflowError("UNAUTHENTICATED", `Authentication required. ${HOW}`);
    throw err;
  }
}

async function basic(encoded: string, ip: string): Promise<TActor> {
  let decoded: string;
  try {
    decoded = Buffer.from(encoded, "base64").toString("utf8");
  } catch {
    decoded = "";
  }
  const colon = decoded.indexOf(":");
  if (colon <= 0) throw mlflowError("UNAUTHENTICATED", `Malformed basic credentials. ${HOW}`);
  const username = decoded.slice(0, colon).trim().toLowerCase();
  const password = decoded.slice(colon + 1);
  if (looksLikeApiToken(password)) {
    const actor = await reword(actorFromApiToken(password));
    // A token stands for its owner only: naming someone else is refused, not silently ignored.
    if (actor.email.toLowerCase() !== username)
      throw mlflowError(
        "UNAUTHENTICATED",
        "This API token does not belong to the user named in MLFLOW_TRACKING_USERNAME.",
      );
    return actor;
  }
  // Same brute-force limits as the sign-in form (429 REQUEST_LIMIT_EXCEEDED with Retry-After when locked out).
  const check = await checkCredentialsGuarded({ email: username, password, ip, channel: "MLflow basic auth" });
  if (!check.ok) throw mlflowError("UNAUTHENTICATED", check.message);
  return check.actor;
}

async function reword(p: Promise<TActor>): Promise<TActor> {
  try {
    return await p;
  } catch (err) {
    if (isAppError(err) && err.code === "UNAUTHENTICATED") throw mlflowError("UNAUTHENTICATED", err.message);
    throw err;
  }
}
