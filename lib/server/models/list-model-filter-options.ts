import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { requirePermission } from "../auth/get-actor";

/** Teams and people who own at least one model: the choices of the models list filters. */
export async function listModelFilterOptions({ actor }: { actor: TActor }) {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const [teams, owners] = await Promise.all([
    db.team.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.user.findMany({
      where: { OR: [{ dsOwnedModels: { some: {} } }, { itOwnedModels: { some: {} } }] },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    }),
  ]);
  return { teams, owners };
}
