import type { Metadata } from "next";
import { NotificationsInbox } from "@/components/notifications/notifications-inbox";
import { AccessDenied, PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/domain/rbac/permissions";
import { ZListNotificationsQuery } from "@/lib/schemas/notifications";
import { requirePageActor } from "@/lib/server/auth/get-actor";
import { listNotifications } from "@/lib/server/notifications/list-notifications";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const actor = await requirePageActor("/notifications");
  if (!can(actor, "models:read")) return <AccessDenied what="notifications" />;
  const parsed = ZListNotificationsQuery.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : ZListNotificationsQuery.parse({});
  const data = await listNotifications({ actor, query });
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Decisions on your requests, handoffs, and alerts and retraining on the models you own."
      />
      <NotificationsInbox
        data={data}
        nextHref={data.nextCursor ? `/notifications?cursor=${encodeURIComponent(data.nextCursor)}` : null}
      />
    </>
  );
}
