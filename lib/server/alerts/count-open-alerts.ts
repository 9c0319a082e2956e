import "server-only";
import { getDb } from "@/lib/db/client";
import { can, type TActor } from "@/lib/domain/rbac/permissions";

/**
 * The navigation badge: alerts nobody has acknowledged yet. One index-only count on alerts(status, openedAt),
 * run on every signed-in page; 0 for actors who may not read alerts.
 */
export async function countOpenAlerts({ actor }: { actor: TActor }): Promise<number> {
  if (!can(actor, "alerts:read")) return 0;
  const db = await getDb();
  return db.alert.count({ where: { status: "OPEN" } });
}
