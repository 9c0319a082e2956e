import "server-only";
import { getDb } from "@/lib/db/client";
import type { TActor } from "@/lib/domain/rbac/permissions";
import type { TWebhook } from "@/lib/schemas/webhooks";
import { requirePermission } from "../auth/get-actor";
import { countDeliveries, toWebhookDto, WEBHOOK_DTO_SELECT } from "./webhook-dto";

/** Every webhook, newest first, with its deliveries counted per status; never a secret. */
export async function listWebhooks({ actor }: { actor: TActor }): Promise<TWebhook[]> {
  requirePermission(actor, "webhooks:manage");
  const db = await getDb();
  const rows = await db.webhook.findMany({
    select: WEBHOOK_DTO_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  const counts = await countDeliveries(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toWebhookDto(r, counts.get(r.id)));
}
