import { defineRoute } from "@/lib/server/http/define-route";
import { updateUser } from "@/lib/server/users/update-user";
import { ZUpdateUserRequest, ZUserIdParams } from "@/lib/schemas/users";

export const PATCH = defineRoute({
  auth: "both",
  permission: "users:manage",
  params: ZUserIdParams,
  body: ZUpdateUserRequest,
  handler: ({ actor, params, body }) => updateUser({ actor, userId: params.userId, input: body }),
});
