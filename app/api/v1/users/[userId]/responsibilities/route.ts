import { defineRoute } from "@/lib/server/http/define-route";
import { getUserResponsibilities } from "@/lib/server/users/get-user-responsibilities";
import { ZUserIdParams } from "@/lib/schemas/users";

// What a user owns and holds, for the administrator about to deactivate them.
export const GET = defineRoute({
  auth: "both",
  permission: "users:manage",
  params: ZUserIdParams,
  handler: ({ actor, params }) => getUserResponsibilities({ actor, userId: params.userId }),
});
