import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ModelDetail } from "@/components/models/model-detail";
import { AccessDenied } from "@/components/ui/page-header";
import { can } from "@/lib/domain/rbac/permissions";
import { isAppError } from "@/lib/errors";
import { requirePageActor } from "@/lib/server/auth/get-actor";
import { getModelDetail } from "@/lib/server/views/get-model-detail";
import { getModelProductionView } from "@/lib/server/views/get-model-production-view";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).slug };
}

export default async function ModelPage({ params }: Props) {
  const { slug } = await params;
  const actor = await requirePageActor(`/models/${slug}`);
  if (!can(actor, "models:read")) return <AccessDenied what="the model registry" />;
  const data = await getModelDetail({ actor, slug }).catch((e) =>
    isAppError(e) && e.code === "NOT_FOUND" ? null : Promise.reject(e),
  );
  if (!data) notFound();
  const production = await getModelProductionView({ actor, modelRef: data.model.id });
  return <ModelDetail data={data} production={production} />;
}
