import type { Metadata } from "next";
import { CreateModelForm } from "@/components/models/create-model-form";
import { AccessDenied, PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/domain/rbac/permissions";
import { requirePageActor } from "@/lib/server/auth/get-actor";
import { listTeams } from "@/lib/server/users/list-users";

export const metadata: Metadata = { title: "Register a model" };

export default async function NewModelPage() {
  const actor = await requirePageActor("/models/new");
  if (!can(actor, "models:write")) return <AccessDenied what="model registration" />;
  const teams = await listTeams({ actor });
  return (
    <>
      <PageHeader
        title="Register a model"
        description="You become its data-science owner. Versions are registered next, from here or from CI."
      />
      <CreateModelForm teams={teams} defaultTeamId={actor.teamId} />
    </>
  );
}
