import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TListUsersQuery, TUser } from "@/lib/schemas/users";
import { requirePermission } from "../auth/get-actor";
import { decodeCursor, encodeCursor } from "../http/cursor";
import { toUserDto, USER_DTO_SELECT } from "./to-user-dto";

type TUserCursor = { a: boolean; n: string; id: string };
const isUserCursor = (v: unknown): v is TUserCursor =>
  !!v &&
  typeof (v as TUserCursor).a === "boolean" &&
  typeof (v as TUserCursor).n === "string" &&
  typeof (v as TUserCursor).id === "string";

/** The users of one `active` value after (name, id), in (name ASC, id ASC): one range of the (active, name, id) index. */
function usersAfter(active: boolean, after: { n: string; id: string } | undefined): Prisma.UserWhereInput {
  return {
    active,
    ...(after
      ? { name: { gte: after.n }, OR: [{ name: { gt: after.n } }, { name: after.n, id: { gt: after.id } }] }
      : {}),
  };
}

/**
 * Users, active first then by name, keyset-paginated (issue 18). Read as two index ranges — the active users after the
 * cursor, then (when the page is not full) the inactive ones from the start — because one OR of both made PostgreSQL
 * scan and sort the whole table (EXPLAIN at 20,000 users).
 */
export async function listUsers({
  actor,
  query,
}: {
  actor: TActor;
  query: TListUsersQuery;
}): Promise<{ items: TUser[]; nextCursor: string | null }> {
  requirePermission(actor, "users:manage");
  const db = await getDb();
  const cursor = decodeCursor(query.cursor, isUserCursor);
  const take = query.limit + 1;
  const read = (active: boolean, after: { n: string; id: string } | undefined, n: number) =>
    db.user.findMany({
      where: usersAfter(active, after),
      select: USER_DTO_SELECT,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: n,
    });
  const rows = cursor && !cursor.a ? await read(false, cursor, take) : await read(true, cursor, take);
  if (rows.length < take && (!cursor || cursor.a)) rows.push(...(await read(false, undefined, take - rows.length)));
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => toUserDto(r)),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ a: last.active, n: last.name, id: last.id }) : null,
  };
}

export async function listTeams({ actor }: { actor: TActor }) {
  requirePermission(actor, "models:read");
  const db = await getDb();
  return db.team.findMany({ select: { id: true, slug: true, name: true }, orderBy: { name: "asc" } });
}
