import { z } from "zod";
import { ROLES } from "@/lib/domain/rbac/permissions";
import { zLine } from "./input-policy";

export const ZRole = z.enum(ROLES).describe("A Modelgate role");
export const ZId = zLine().min(1).max(64).describe("Resource id");
export const ZIsoDate = z.iso.datetime({ offset: true }).describe("ISO 8601 timestamp");

/** Problem details (RFC 9457) as every error response carries them. */
export const ZProblem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })),
    requestId: z.string().optional(),
  })
  .passthrough()
  .describe("application/problem+json");
