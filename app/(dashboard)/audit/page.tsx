import type { Metadata } from "next";
import { AuditLog } from "@/components/audit/audit-log";
import { AccessDenied, PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/domain/rbac/permissions";
import { ZListAuditQuery } from "@/lib/schemas/audit";
import { listAuditEvents } from "@/lib/server/audit/list-audit-events";
import { listAuditFilterOptions } from "@/lib/server/audit/list-audit-filter-options";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit-chain";
import { requirePageActor } from "@/lib/server/auth/get-actor";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageActor("/audit");
  if (!can(actor, "audit:read")) return <AccessDenied what="the audit log" />;
  // Same schema as the API; a hand-edited URL falls back to the first page instead of an error page.
  const parsed = ZListAuditQuery.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : ZListAuditQuery.parse({});
  const [page, chain, options] = await Promise.all([
    listAuditEvents({ actor, query }),
    verifyAuditChain(),
    listAuditFilterOptions({ actor }),
  ]);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change made through Modelgate: who did what, to which entity, and what changed. Append-only and hash-chained."
      />
      <AuditLog page={page} chain={chain} options={options} query={query} queryWasInvalid={!parsed.success} />
    </>
  );
}
