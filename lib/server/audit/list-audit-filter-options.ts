import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";

export type TAuditFilterOptions = { actions: string[]; entityTypes: string[] };

/** The distinct actions and entity types recorded so far, to offer as filter choices. */
export async function listAuditFilterOptions({ actor }: { actor: TActor }): Promise<TAuditFilterOptions> {
  requirePermission(actor, "audit:read");
  const db = await getDb();
  const [actions, entityTypes] = await Promise.all([
    db.auditEvent.groupBy({ by: ["action"], orderBy: { action: "asc" } }),
    db.auditEvent.groupBy({ by: ["entityType"], orderBy: { entityType: "asc" } }),
  ]);
  return { actions: actions.map((a) => a.action), entityTypes: entityTypes.map((e) => e.entityType) };
}
