import type { Metadata } from "next";
import { ApprovalsInbox } from "@/components/approvals/approvals-inbox";
import { AccessDenied, PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/domain/rbac/permissions";
import { requirePageActor } from "@/lib/server/auth/get-actor";
import { getApprovalsInbox } from "@/lib/server/promotions/get-approvals-inbox";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const actor = await requirePageActor("/approvals");
  if (!can(actor, "models:read")) return <AccessDenied what="approvals" />;
  const data = await getApprovalsInbox({ actor });
  return (
    <>
      <PageHeader title="Approvals" description="Promotion requests and the gates they wait on." />
      <ApprovalsInbox queue={data.queue} mine={data.mine} />
    </>
  );
}
