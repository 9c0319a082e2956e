import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RegisterVersionForm } from "@/components/models/register-version-form";
import { AccessDenied, PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/domain/rbac/permissions";
import { isAppError } from "@/lib/errors";
import { requirePageActor } from "@/lib/server/auth/get-actor";
import { getModel } from "@/lib/server/models/get-model";

export const metadata: Metadata = { title: "Register a version" };

export default async function NewVersionPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const actor = await requirePageActor(`/models/${slug}/versions/new`);
  if (!can(actor, "versions:register")) return <AccessDenied what="version registration" />;
  const model = await getModel({ actor, modelRef: slug }).catch((e) =>
    isAppError(e) && e.code === "NOT_FOUND" ? null : Promise.reject(e),
  );
  if (!model) notFound();
  return (
    <>
      <PageHeader
        title={`Register a version of ${model.title}`}
        description="The version starts in DESIGN. Its number is assigned when it is saved."
      />
      <RegisterVersionForm modelId={model.id} slug={model.slug} />
    </>
  );
}
