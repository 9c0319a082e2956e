import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TUser } from "@/lib/schemas/users";
import { requirePermission } from "../auth/get-actor";
import { toUserDto, USER_DTO_SELECT } from "./to-user-dto";

export async function listUsers({ actor }: { actor: TActor }): Promise<TUser[]> {
  requirePermission(actor, "users:manage");
  const db = await getDb();
  const rows = await db.user.findMany({ select: USER_DTO_SELECT, orderBy: [{ active: "desc" }, { name: "asc" }] });
  return rows.map((r) => toUserDto(r));
}

export async function listTeams({ actor }: { actor: TActor }) {
  requirePermission(actor, "models:read");
  const db = await getDb();
  return db.team.findMany({ select: { id: true, slug: true, name: true }, orderBy: { name: "asc" } });
}
