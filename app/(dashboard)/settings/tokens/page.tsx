import type { Metadata } from "next";
import { ApiTokensAdmin } from "@/components/settings/api-tokens-admin";
import { AccessDenied, PageHeader } from "@/components/ui/page-header";
import { defaultTokenDays, scopesAllowedForRoles } from "@/lib/domain/api-tokens/allowed-scopes";
import { can } from "@/lib/domain/rbac/permissions";
import { getEnv } from "@/lib/env";
import { listApiTokens } from "@/lib/server/api-tokens/list-api-tokens";
import { requirePageActor } from "@/lib/server/auth/get-actor";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensSettingsPage({ searchParams }: { searchParams: Promise<{ new?: string }> }) {
  const actor = await requirePageActor("/settings/tokens");
  if (!can(actor, "tokens:own")) return <AccessDenied what="API tokens" />;
  const isAdmin = can(actor, "tokens:manage");
  // The newest 500; the API pages beyond (issue 18).
  const { items: tokens } = await listApiTokens({ actor, query: { limit: 500 } });
  const maxDays = getEnv().MODELGATE_TOKEN_MAX_DAYS;
  const preset = (await searchParams).new === "mlflow" ? "mlflow" : null;
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          isAdmin
            ? "Bearer tokens for CI pipelines, MLflow clients and model servers. You see and revoke everyone's; each acts as a user, limited to its scopes. Creation and revocation are recorded in the audit log."
            : "Your bearer tokens for MLflow clients, notebooks and pipelines. Each acts as you, never above your roles; creation and revocation are recorded in the audit log."
        }
      />
      <ApiTokensAdmin
        initialTokens={tokens}
        currentUser={{ id: actor.userId, name: actor.name, allowedScopes: scopesAllowedForRoles(actor.roles) }}
        isAdmin={isAdmin}
        maxDays={maxDays}
        defaultDays={defaultTokenDays(maxDays)}
        preset={preset}
      />
    </>
  );
}
