import { defineRoute } from "@/lib/server/http/define-route";
import { inviteUser } from "@/lib/server/users/invite-user";
import { ZInviteUserRequest } from "@/lib/schemas/users";

export const POST = defineRoute({
  auth: "both",
  permission: "users:manage",
  body: ZInviteUserRequest,
  status: 201,
  handler: ({ actor, body, req }) => inviteUser({ actor, input: body, requestOrigin: new URL(req.url).origin }),
});
