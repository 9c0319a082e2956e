import { defineRoute } from "@/lib/server/http/define-route";
import { buildOpenApiDocument, type TOpenApiDocument } from "@/lib/schemas/openapi";

// Public on purpose: code generators and API tools fetch the description without credentials. It reveals no
// data, and every operation it lists still authenticates and checks its own permission.
let document: TOpenApiDocument | undefined;

export const GET = defineRoute({
  auth: "public",
  // Built once per process: the catalog and the schemas are constants.
  handler: async () => (document ??= buildOpenApiDocument()),
});
