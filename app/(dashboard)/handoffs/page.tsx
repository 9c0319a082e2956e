import type { Metadata } from "next";
import { HandoffsInbox } from "@/components/handoffs/handoffs-inbox";
import { AccessDenied, PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/domain/rbac/permissions";
import { requirePageActor } from "@/lib/server/auth/get-actor";
import { getHandoffsInbox } from "@/lib/server/handoffs/get-handoffs-inbox";

export const metadata: Metadata = { title: "Handoffs" };

export default async function HandoffsPage() {
  const actor = await requirePageActor("/handoffs");
  if (!can(actor, "models:read")) return <AccessDenied what="handoffs" />;
  const data = await getHandoffsInbox({ actor });
  return (
    <>
      <PageHeader
        title="Handoffs"
        description="Ownership moving between data science and IT: what waits on you, what you proposed, and the latest outcomes."
      />
      <HandoffsInbox data={data} />
    </>
  );
}
