import { defineRoute } from "@/lib/server/http/define-route";
import { listTeams } from "@/lib/server/users/list-users";

export const GET = defineRoute({
  auth: "both",
  permission: "models:read",
  handler: async ({ actor }) => ({ items: await listTeams({ actor }) }),
});
