import type { Metadata } from "next";
import { ApiTokensAdmin } from "@/components/settings/api-tokens-admin";
import { AccessDenied, PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/domain/rbac/permissions";
import { listApiTokens } from "@/lib/server/api-tokens/list-api-tokens";
import { requirePageActor } from "@/lib/server/auth/get-actor";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensSettingsPage() {
  const actor = await requirePageActor("/settings/tokens");
  if (!can(actor, "tokens:manage")) return <AccessDenied what="API token management" />;
  const tokens = await listApiTokens({ actor });
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Bearer tokens for CI pipelines and model servers. Each acts as a user, limited to its scopes; creation and revocation are recorded in the audit log."
      />
      <ApiTokensAdmin initialTokens={tokens} currentUser={{ id: actor.userId, name: actor.name }} />
    </>
  );
}
