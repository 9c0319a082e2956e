import { defineRoute } from "@/lib/server/http/define-route";
import { createUser } from "@/lib/server/users/create-user";
import { listUsers } from "@/lib/server/users/list-users";
import { ZCreateUserRequest, ZListUsersQuery } from "@/lib/schemas/users";

export const GET = defineRoute({
  auth: "both",
  permission: "users:manage",
  query: ZListUsersQuery,
  handler: ({ actor, query }) => listUsers({ actor, query }),
});

export const POST = defineRoute({
  auth: "both",
  permission: "users:manage",
  body: ZCreateUserRequest,
  status: 201,
  handler: ({ actor, body }) => createUser({ actor, input: body }),
});
