import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TListUsersQuery, TUser } from "@/lib/schemas/users";
import { requirePermission } from "../auth/get-actor";
import { decodeCursor, encodeCursor } from "../http/cursor";
import { toUserDto, USER_DTO_SELECT } from "./to-user-dto";

type TUserCursor = { a: boolean; n: string; id: string };
const isUserCursor = (v: unknown): v is TUserCursor => !!v && typeof (v as TUserCursor).a === "boolean" && typeof (v as TUserCursor).n === "string" && typeof (v as TUserCursor).id === "string";

/** Users after the cursor in (active DESC, name ASC, id ASC): the (active, name, id) index of migration 20261202020000_keyset_indexes. */
function usersAfter(c: TUserCursor): Prisma.UserWhereInput {
  const sameActive: Prisma.UserWhereInput = { active: c.a, name: { gte: c.n }, OR: [{ name: { gt: c.n } }, { name: c.n, id: { gt: c.id } }] };
  // Inactive users follow every active one.
  return c.a ? { OR: [sameActive, { active: false }] } : sameActive;
}

/** Users, active first then by name, keyset-paginated (issue 18). */
export async function listUsers({ actor, query }: { actor: TActor; query: TListUsersQuery }): Promise<{ items: TUser[]; nextCursor: string | null }> {
  requirePermission(actor, "users:manage");
  const db = await getDb();
  const cursor = decodeCursor(query.cursor, isUserCursor);
  const rows = await db.user.findMany({
    where: cursor ? usersAfter(cursor) : {},
    select: USER_DTO_SELECT,
    orderBy: [{ active: "desc" }, { name: "asc" }, { id: "asc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { items: page.map(toUserDto), nextCursor: rows.length > query.limit && last ? encodeCursor({ a: last.active, n: last.name, id: last.id }) : null };
}

export async function listTeams({ actor }: { actor: TActor }) {
  requirePermission(actor, "models:read");
  const db = await getDb();
  return db.team.findMany({ select: { id: true, slug: true, name: true }, orderBy: { name: "asc" } });
}
