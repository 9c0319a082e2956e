import { defineRoute } from "@/lib/server/http/define-route";
import { revokeUserSessions } from "@/lib/server/users/revoke-user-sessions";
import { ZUserIdParams } from "@/lib/schemas/users";

/** "Sign out everywhere" for a user: themselves, or an administrator for anyone. */
export const POST = defineRoute({
  auth: "session",
  // Every role holds overview:read: any signed-in person (the use case decides whose sessions).
  permission: "overview:read",
  params: ZUserIdParams,
  handler: ({ actor, params }) => revokeUserSessions({ actor, userId: params.userId }),
});
