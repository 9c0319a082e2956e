import { defineRoute } from "@/lib/server/http/define-route";
import { reissueUserInvite } from "@/lib/server/users/reissue-user-invite";
import { ZUserIdParams } from "@/lib/schemas/users";

export const POST = defineRoute({
  auth: "both",
  permission: "users:manage",
  params: ZUserIdParams,
  status: 201,
  handler: ({ actor, params, req }) =>
    reissueUserInvite({ actor, userId: params.userId, requestOrigin: new URL(req.url).origin }),
});
