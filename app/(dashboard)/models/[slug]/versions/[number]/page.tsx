import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { VersionDetail } from "@/components/versions/version-detail";
import { AccessDenied } from "@/components/ui/page-header";
import { can } from "@/lib/domain/rbac/permissions";
import { isAppError } from "@/lib/errors";
import { requirePageActor } from "@/lib/server/auth/get-actor";
import { getVersionDetail } from "@/lib/server/views/get-version-detail";

type Props = { params: Promise<{ slug: string; number: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const p = await params;
  return { title: `${p.slug} v${p.number}` };
}

export default async function VersionPage({ params }: Props) {
  const { slug, number } = await params;
  const actor = await requirePageActor(`/models/${slug}/versions/${number}`);
  if (!can(actor, "models:read")) return <AccessDenied what="the model registry" />;
  const n = Number(number);
  if (!Number.isInteger(n) || n < 1) notFound();
  const data = await getVersionDetail({ actor, slug, number: n }).catch((e) =>
    isAppError(e) && e.code === "NOT_FOUND" ? null : Promise.reject(e),
  );
  if (!data) notFound();
  return <VersionDetail data={data} isAdmin={actor.roles.includes("ADMIN")} />;
}
