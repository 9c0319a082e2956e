import "server-only";
import { can, type TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";

/**
 * Who may manage which tokens. Every signed-in user manages their own (`tokens:own`, held by every role:
 * Settings → API tokens); `tokens:manage` (administrators) reaches everyone's. A bearer token needs
 * `tokens:manage` (an admin-scoped token of an administrator): a leaked data-science token cannot mint others.
 */
export function requireTokenAccess(actor: TActor): { everyone: boolean } {
  requirePermission(actor, actor.kind === "token" ? "tokens:manage" : "tokens:own");
  return { everyone: can(actor, "tokens:manage") };
}
