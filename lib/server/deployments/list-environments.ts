import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TEnvironment } from "@/lib/schemas/deployments";
import { requirePermission } from "../auth/get-actor";

/** Every environment, production ones first, with how many models run in each. */
export async function listEnvironments({ actor }: { actor: TActor }): Promise<{ items: TEnvironment[] }> {
  requirePermission(actor, "models:read");
  const db = await getDb();
  const rows = await db.environment.findMany({
    select: {
      id: true,
      name: true,
      description: true,
      isProduction: true,
      createdAt: true,
      _count: { select: { deployments: { where: { status: "ACTIVE" } } } },
    },
    orderBy: [{ isProduction: "desc" }, { name: "asc" }],
  });
  return {
    items: rows.map((e) => ({
      id: e.id,
      name: e.name,
      description: e.description,
      isProduction: e.isProduction,
      activeDeployments: e._count.deployments,
      createdAt: e.createdAt.toISOString(),
    })),
  };
}
