import { z } from "zod";
import { TOKEN_SCOPES } from "@/lib/domain/rbac/permissions";
import { ZId, ZIsoDate } from "./common";
import { zLine } from "./input-policy";

export const ZTokenScope = z
  .enum(TOKEN_SCOPES)
  .describe("What the token may do, within the roles of the user it acts as");

export const ZCreateApiTokenRequest = z
  .object({
    name: zLine()
      .trim()
      .min(1, "Enter a name.")
      .max(80, "Use at most 80 characters.")
      .describe("What the token is for, e.g. 'fraud CI pipeline'"),
    scopes: z
      .array(ZTokenScope)
      .min(1, "Choose at least one scope.")
      .refine((s) => new Set(s).size === s.length, "Each scope may appear once.")
      .describe("Token scopes; the token's rights are these scopes intersected with its user's roles"),
    userId: ZId.optional().describe(
      "The active user the token acts as; defaults to the caller. Only administrators may name someone else",
    ),
    expiresInDays: z
      .number()
      .int("Use a whole number of days.")
      .min(1, "At least 1 day.")
      .max(3650, "At most 3650 days (10 years).")
      .optional()
      .describe("Days until the token stops working; default 90, at most MODELGATE_TOKEN_MAX_DAYS (default 365)"),
  })
  .strict();
export type TCreateApiTokenRequest = z.infer<typeof ZCreateApiTokenRequest>;

export const ZApiToken = z
  .object({
    id: ZId,
    name: z.string(),
    prefix: z
      .string()
      .describe("First characters of the token, to tell tokens apart; the token itself is never stored"),
    scopes: z.array(ZTokenScope),
    user: z.object({ id: ZId, name: z.string(), email: z.string() }).strict().describe("The user the token acts as"),
    createdAt: ZIsoDate,
    lastUsedAt: ZIsoDate.nullable().describe("Last authenticated request, to the minute; null when never used"),
    expiresAt: ZIsoDate.nullable().describe("null when the token never expires"),
    revokedAt: ZIsoDate.nullable(),
  })
  .strict();
export type TApiToken = z.infer<typeof ZApiToken>;

export const ZCreateApiTokenResponse = ZApiToken.extend({
  token: z.string().describe("The bearer token. Shown in this response only: store it now, it cannot be read again"),
}).strict();
export type TCreateApiTokenResponse = z.infer<typeof ZCreateApiTokenResponse>;

export const ZListApiTokensQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100).describe("Page size, 1–500"),
    cursor: z.string().max(500).optional().describe("The `nextCursor` of the previous page"),
  })
  .strict();
export type TListApiTokensQuery = z.infer<typeof ZListApiTokensQuery>;
export const ZListApiTokensResponse = z
  .object({
    items: z.array(ZApiToken),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page"),
  })
  .strict();
export type TListApiTokensResponse = z.infer<typeof ZListApiTokensResponse>;

export const ZApiTokenIdParams = z.object({ tokenId: ZId }).strict();
