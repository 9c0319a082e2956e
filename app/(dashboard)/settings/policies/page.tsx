import type { Metadata } from "next";
import { GatePoliciesAdmin } from "@/components/settings/gate-policies-admin";
import { AccessDenied, PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/domain/rbac/permissions";
import { requirePageActor } from "@/lib/server/auth/get-actor";
import { listGatePolicies } from "@/lib/server/gate-policies/list-gate-policies";

export const metadata: Metadata = { title: "Gate policies" };

type Props = { searchParams: Promise<{ policy?: string | string[] }> };

// Everyone who reads models may look (what will a gate ask of me?); only policies:manage may edit.
export default async function GatePoliciesPage({ searchParams }: Props) {
  const actor = await requirePageActor("/settings/policies");
  if (!can(actor, "models:read")) return <AccessDenied what="gate policies" />;
  const canEdit = can(actor, "policies:manage");
  // ?policy=<id> (linked from a version's gate checklist) opens that policy's cell and marks the version.
  const { policy } = await searchParams;
  const policies = await listGatePolicies({ actor });
  return (
    <>
      <PageHeader
        title="Gate policies"
        description={`What each promotion gate requires, by target stage and model criticality. Every change is a new version with a reason, recorded in the audit log; requests already pending keep the version they were opened under.${canEdit ? "" : " Only administrators can change them."}`}
      />
      <GatePoliciesAdmin
        initial={policies}
        canEdit={canEdit}
        focusPolicyId={typeof policy === "string" ? policy : null}
      />
    </>
  );
}
