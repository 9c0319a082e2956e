import { z } from "zod";
import { ZId, ZIsoDate, ZRole } from "./common";

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
  })
  .strict();
export type TUser = z.infer<typeof ZUser>;

export const ZListUsersResponse = z.object({ items: z.array(ZUser) }).strict();

export const ZCreateUserRequest = z
  .object({
    email: z.email("Enter a valid email address.").max(254).transform((e) => e.toLowerCase()).describe("Sign-in email, unique"),
    name: z.string().trim().min(1, "Enter a name.").max(120),
    roles: ZRoles,
    teamId: ZId.nullable().optional(),
    password: z.string().min(12, "Use at least 12 characters.").max(200).describe("Initial password; stored as an scrypt hash"),
  })
  .strict();
export type TCreateUserRequest = z.infer<typeof ZCreateUserRequest>;

export const ZUpdateUserRequest = z
  .object({
    name: z.string().trim().min(1, "Enter a name.").max(120).optional(),
    roles: ZRoles.optional(),
    teamId: ZId.nullable().optional(),
    active: z.boolean().optional(),
    password: z.string().min(12, "Use at least 12 characters.").max(200).optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "Send at least one field to change.");
export type TUpdateUserRequest = z.infer<typeof ZUpdateUserRequest>;

export const ZUserIdParams = z.object({ userId: ZId }).strict();

export const ZTeam = z.object({ id: ZId, slug: z.string(), name: z.string() }).strict();
export const ZListTeamsResponse = z.object({ items: z.array(ZTeam) }).strict();
