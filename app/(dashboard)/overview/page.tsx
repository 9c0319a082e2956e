import type { Metadata } from "next";
import { PortfolioOverview } from "@/components/overview/portfolio-overview";
import { AccessDenied, PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/domain/rbac/permissions";
import { requirePageActor } from "@/lib/server/auth/get-actor";
import { getPortfolioOverview } from "@/lib/server/views/get-portfolio-overview";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const actor = await requirePageActor("/overview");
  if (!can(actor, "overview:read")) return <AccessDenied what="the overview" />;
  const data = await getPortfolioOverview({ actor });
  return (
    <>
      <PageHeader
        title="Portfolio overview"
        description="What waits on you, where every model stands, who owns it, and how long work takes."
      />
      <PortfolioOverview data={data} />
    </>
  );
}
