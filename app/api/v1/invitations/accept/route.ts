import { defineRoute } from "@/lib/server/http/define-route";
import { acceptUserInvite } from "@/lib/server/users/accept-user-invite";
import { ZAcceptInviteRequest } from "@/lib/schemas/users";

// Public by necessity: the invited person has no password yet. The token (256 random bits, one use,
// 72 hours) is the credential; only its hash is stored.
export const POST = defineRoute({
  auth: "public",
  body: ZAcceptInviteRequest,
  handler: ({ body }) => acceptUserInvite({ input: body }),
});
