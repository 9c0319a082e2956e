import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { countOpenAlerts } from "@/lib/server/alerts/count-open-alerts";
import { requirePageActor } from "@/lib/server/auth/get-actor";
import { countUnreadNotifications } from "@/lib/server/notifications/list-notifications";

// Every signed-in page reads the session and live data: never prerender at build time.
export const dynamic = "force-dynamic";

// Shell only: redirects anonymous visitors for comfort. Every page still checks its own permission.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const actor = await requirePageActor("/overview");
  const [openAlerts, unread] = await Promise.all([countOpenAlerts({ actor }), countUnreadNotifications({ actor })]);
  return (
    <AppShell actor={actor} badges={{ "/alerts": openAlerts }} unreadNotifications={unread}>
      {children}
    </AppShell>
  );
}
