import { z } from "zod";
import { ZId, ZIsoDate, ZRole } from "./common";
import { zLine } from "./input-policy";

const ZRoles = z
  .array(ZRole)
  .min(1, "Give the user at least one role.")
  .refine((r) => new Set(r).size === r.length, "Each role may appear once.")
  .describe("Roles held by the user");

export const ZUser = z
  .object({
    id: ZId,
    email: z.string(),
    name: z.string(),
    roles: z.array(ZRole),
    teamId: z.string().nullable(),
    teamName: z.string().nullable(),
    active: z.boolean(),
    lastLoginAt: ZIsoDate.nullable(),
    createdAt: ZIsoDate,
    invitation: z
      .object({ expiresAt: ZIsoDate, expired: z.boolean() })
      .strict()
      .nullable()
      .describe(
        "The user's open set-your-password link (not used, not replaced), if any; its token is never shown again",
      ),
  })
  .strict();
export type TUser = z.infer<typeof ZUser>;

export const ZListUsersQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100).describe("Page size, 1–500"),
    cursor: z.string().max(500).optional().describe("The `nextCursor` of the previous page"),
  })
  .strict();
export type TListUsersQuery = z.infer<typeof ZListUsersQuery>;
export const ZListUsersResponse = z
  .object({
    items: z.array(ZUser),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page"),
  })
  .strict();

/** The one password policy: sign-up, resets, the CLI and invitations all use it. */
export const ZPassword = z.string().min(12, "Use at least 12 characters.").max(200, "Use at most 200 characters.");

const ZNewUserFields = {
  email: z
    .email("Enter a valid email address.")
    .max(254)
    .transform((e) => e.toLowerCase())
    .describe("Sign-in email, unique"),
  name: zLine().trim().min(1, "Enter a name.").max(120),
  roles: ZRoles,
  teamId: ZId.nullable().optional(),
};

export const ZCreateUserRequest = z
  .object({ ...ZNewUserFields, password: ZPassword.describe("Initial password; stored as an scrypt hash") })
  .strict();
export type TCreateUserRequest = z.infer<typeof ZCreateUserRequest>;

// ───────── invitations: a one-time set-your-password link instead of an initial password ─────────

export const ZInviteUserRequest = z.object(ZNewUserFields).strict();
export type TInviteUserRequest = z.infer<typeof ZInviteUserRequest>;

export const ZInviteUserResponse = z
  .object({
    user: ZUser,
    inviteUrl: z.string().describe("The one-time link, shown this once: only its hash is stored"),
    expiresAt: ZIsoDate.describe("The link stops working then"),
  })
  .strict();
export type TInviteUserResponse = z.infer<typeof ZInviteUserResponse>;

export const ZAcceptInviteRequest = z
  .object({
    token: zLine().min(1, "The link has no token.").max(200).describe("The token at the end of the invitation link"),
    password: ZPassword.describe("The password the invited user chooses"),
  })
  .strict();
export type TAcceptInviteRequest = z.infer<typeof ZAcceptInviteRequest>;
export const ZAcceptInviteResponse = z
  .object({ email: z.string().describe("Sign in with this email and the new password") })
  .strict();

export const ZUpdateUserRequest = z
  .object({
    name: zLine().trim().min(1, "Enter a name.").max(120).optional(),
    roles: ZRoles.optional(),
    teamId: ZId.nullable().optional(),
    active: z.boolean().optional(),
    password: ZPassword.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "Send at least one field to change.");
export type TUpdateUserRequest = z.infer<typeof ZUpdateUserRequest>;

export const ZUserIdParams = z.object({ userId: ZId }).strict();

// ───────── sudo mode and sessions (docs/SECURITY.md) ─────────

export const ZConfirmSudoRequest = z
  .object({ password: z.string().min(1, "Enter your password.").max(200).describe("Your own password") })
  .strict();
export type TConfirmSudoRequest = z.infer<typeof ZConfirmSudoRequest>;
export const ZConfirmSudoResponse = z
  .object({ sudoUntil: ZIsoDate.describe("Sudo mode lasts until then, in this browser session") })
  .strict();
export const ZRevokeSessionsResponse = z
  .object({ sessionVersion: z.number().int().describe("Sessions issued before this version no longer work") })
  .strict();

export const ZTeam = z.object({ id: ZId, slug: z.string(), name: z.string() }).strict();
export const ZListTeamsResponse = z.object({ items: z.array(ZTeam) }).strict();

// ───────── what a user holds (shown before deactivating them) ─────────

const ZPersonRef = z.object({ id: ZId, name: z.string(), active: z.boolean() }).strict();

export const ZUserResponsibilities = z
  .object({
    user: ZPersonRef,
    models: z
      .array(
        z
          .object({
            id: ZId,
            slug: z.string(),
            title: z.string(),
            criticality: z.enum(["MISSION_CRITICAL", "INTERNAL"]),
            inProduction: z.boolean(),
            holds: z.array(z.enum(["DS_OWNER", "IT_OWNER"])).describe("The roles this user holds on the model"),
            dsOwner: ZPersonRef,
            itOwner: ZPersonRef.nullable(),
            pendingHandoff: z
              .object({ id: ZId, direction: z.enum(["DS_TO_IT", "IT_TO_DS"]), to: ZPersonRef })
              .strict()
              .nullable(),
            reassignWith: z
              .array(z.enum(["DS_TO_IT", "IT_TO_DS"]))
              .describe("The handoff that moves each held role to someone else"),
          })
          .strict(),
      )
      .describe("Models (not archived) the user owns"),
    approvals: z
      .array(
        z
          .object({
            id: ZId,
            requestId: ZId,
            modelSlug: z.string(),
            modelTitle: z.string(),
            versionNumber: z.number().int(),
            toStage: z.string(),
            role: ZRole,
            createdAt: ZIsoDate,
          })
          .strict(),
      )
      .describe("Approvals the user gave on requests still pending; they stop counting once the user is deactivated"),
    handoffsToUser: z
      .array(
        z
          .object({ id: ZId, modelSlug: z.string(), direction: z.enum(["DS_TO_IT", "IT_TO_DS"]), from: ZPersonRef })
          .strict(),
      )
      .describe("Proposed handoffs waiting on the user; deactivation cancels them"),
  })
  .strict();
export type TUserResponsibilities = z.infer<typeof ZUserResponsibilities>;
