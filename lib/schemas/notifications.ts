import { z } from "zod";
import { NOTIFICATION_KINDS } from "@/lib/domain/notifications/notification-text";
import { ZId, ZIsoDate } from "./common";

export const ZNotification = z
  .object({
    id: ZId,
    kind: z.enum(NOTIFICATION_KINDS),
    title: z.string(),
    body: z.string(),
    link: z.string().describe("Where the notification leads, a path in this app"),
    modelId: ZId.nullable(),
    actorLabel: z.string().describe("Who or what caused it"),
    createdAt: ZIsoDate,
    readAt: ZIsoDate.nullable(),
  })
  .strict();
export type TNotification = z.infer<typeof ZNotification>;

export const ZListNotificationsQuery = z
  .object({
    unread: z
      .enum(["true", "false"])
      .transform((v) => v === "true")
      .optional()
      .describe("Only unread ones"),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type TListNotificationsQuery = z.infer<typeof ZListNotificationsQuery>;

export const ZListNotificationsResponse = z
  .object({ items: z.array(ZNotification), unreadCount: z.number().int(), nextCursor: z.string().nullable() })
  .strict();
export type TListNotificationsResponse = z.infer<typeof ZListNotificationsResponse>;

export const ZMarkNotificationsReadRequest = z
  .union([
    z
      .object({ ids: z.array(ZId).min(1).max(100).describe("Notifications to mark read (others' ids are ignored)") })
      .strict(),
    z.object({ all: z.literal(true).describe("Mark every notification read") }).strict(),
  ])
  .describe("Either ids or all: true");
export type TMarkNotificationsReadRequest = z.infer<typeof ZMarkNotificationsReadRequest>;

export const ZMarkNotificationsReadResponse = z
  .object({ marked: z.number().int(), unreadCount: z.number().int() })
  .strict();
