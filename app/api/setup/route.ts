import { defineRoute } from "@/lib/server/http/define-route";
import { AppError } from "@/lib/errors";
import { ALREADY_SET_UP, completeSetup, isSetupPending } from "@/lib/server/setup/first-admin";
import { ZSetupRequest } from "@/lib/schemas/setup";

// The one-time first-administrator form posts here. Public by necessity (nobody can sign in yet); gone once
// any user exists: 404, and a submission that lost the race gets 409 "already set up".
export const POST = defineRoute({
  auth: "public",
  body: ZSetupRequest,
  status: 201,
  handler: async ({ body }) => {
    if (!(await isSetupPending())) throw new AppError("NOT_FOUND", ALREADY_SET_UP);
    const user = await completeSetup(body);
    return { id: user.id, email: body.email, name: body.name, roles: ["ADMIN"] };
  },
});
