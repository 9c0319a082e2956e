import type { Metadata } from "next";
import { WebhooksAdmin } from "@/components/settings/webhooks-admin";
import { AccessDenied, PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/domain/rbac/permissions";
import { requirePageActor } from "@/lib/server/auth/get-actor";
import { listWebhooks } from "@/lib/server/webhooks/list-webhooks";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksSettingsPage() {
  const actor = await requirePageActor("/settings/webhooks");
  if (!can(actor, "webhooks:manage")) return <AccessDenied what="webhook management" />;
  const webhooks = await listWebhooks({ actor });
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Signed HTTP notifications of stage changes, approvals, handoffs and alerts, delivered from a persisted outbox with retries. Every attempt is listed with its status code and duration; changes are recorded in the audit log."
      />
      <WebhooksAdmin initialWebhooks={webhooks} />
    </>
  );
}
