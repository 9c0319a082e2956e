import type { Metadata } from "next";
import { PromotionsInbox } from "@/components/promotions/promotions-inbox";
import { AccessDenied, PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/domain/rbac/permissions";
import { requirePageActor } from "@/lib/server/auth/get-actor";
import { getPromotionsInbox } from "@/lib/server/promotions/get-promotions-inbox";

export const metadata: Metadata = { title: "Promotions" };

export default async function PromotionsPage() {
  const actor = await requirePageActor("/promotions");
  if (!can(actor, "models:read")) return <AccessDenied what="promotions" />;
  const data = await getPromotionsInbox({ actor });
  return (
    <>
      <PageHeader title="Promotions" description="Promotion requests and the gates they wait on." />
      <PromotionsInbox queue={data.queue} mine={data.mine} />
    </>
  );
}
