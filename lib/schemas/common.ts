import { z } from "zod";
import { ROLES } from "@/lib/domain/rbac/permissions";
import { zLine, zText } from "./input-policy";

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

// Small references embedded in alert, deployment and retraining responses.
export const ZPersonRef = z.object({ id: ZId, name: z.string() }).strict();
export const ZModelRef = z.object({ id: ZId, slug: z.string(), title: z.string() }).strict();
export const ZVersionRef = z.object({ id: ZId, number: z.number().int() }).strict();
/** A required free-text reason; `what` is the message shown when it is empty. */
export const ZReason = (what: string) => zText().trim().min(1, what).max(2000);
