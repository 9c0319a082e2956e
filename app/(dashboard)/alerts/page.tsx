import type { Metadata } from "next";
import Link from "next/link";
import { AlertsFilters } from "@/components/alerts/alerts-filters";
import { AlertsList } from "@/components/alerts/alerts-list";
import { AccessDenied, PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/domain/rbac/permissions";
import { ZListAlertsQuery } from "@/lib/schemas/alerts";
import { listAlertModelOptions, listAlerts } from "@/lib/server/alerts/list-alerts";
import { requirePageActor } from "@/lib/server/auth/get-actor";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const actor = await requirePageActor("/alerts");
  if (!can(actor, "alerts:read")) return <AccessDenied what="alerts" />;
  // Unresolved by default; "status=" (Any) shows every alert. A hand-edited URL falls back to the defaults.
  const raw = await searchParams;
  const filters = Object.fromEntries(Object.entries({ status: "UNRESOLVED", ...raw }).filter(([, v]) => v !== ""));
  const parsed = ZListAlertsQuery.safeParse(filters);
  const query = parsed.success ? parsed.data : ZListAlertsQuery.parse({ status: "UNRESOLVED" });
  const [{ items, nextCursor }, models] = await Promise.all([
    listAlerts({ actor, query }),
    listAlertModelOptions({ actor }),
  ]);
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Raised by the alert rules of live models when data arrives and every five minutes; they resolve themselves when the condition clears. Acknowledge one to say you are on it."
      />
      <AlertsFilters status={query.status ?? ""} severity={query.severity} modelId={query.modelId} models={models} />
      {!parsed.success && (
        <p role="alert" className="mb-3 text-sm text-amber-700">
          Some filters were not valid and were ignored.
        </p>
      )}
      {items.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center text-sm text-slate-600">
          No alert matches these filters. Rules are configured on each model&apos;s page, or with POST
          /api/v1/models/&#123;model&#125;/alert-rules.
        </div>
      ) : (
        <AlertsList items={items} canAcknowledge={can(actor, "alerts:acknowledge")} />
      )}
      {nextCursor && (
        <div className="mt-3 flex justify-end text-sm">
          <Link
            href={`/alerts?${new URLSearchParams({ ...filters, cursor: nextCursor })}`}
            className="text-brand-700 hover:underline"
          >
            Next page →
          </Link>
        </div>
      )}
    </>
  );
}
