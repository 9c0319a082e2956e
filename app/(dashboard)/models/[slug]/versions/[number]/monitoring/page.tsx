import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { VersionMonitoring } from "@/components/monitoring/version-monitoring";
import { VersionTabs } from "@/components/versions/version-tabs";
import { StageBadge } from "@/components/ui/labels";
import { AccessDenied } from "@/components/ui/page-header";
import { can } from "@/lib/domain/rbac/permissions";
import { isAppError } from "@/lib/errors";
import { requirePageActor } from "@/lib/server/auth/get-actor";
import { getVersionMonitoring } from "@/lib/server/monitoring/get-version-monitoring";

type Props = { params: Promise<{ slug: string; number: string }> };

export const metadata: Metadata = { title: "Monitoring" };

export default async function VersionMonitoringPage({ params }: Props) {
  const { slug, number } = await params;
  const actor = await requirePageActor(`/models/${slug}/versions/${number}/monitoring`);
  if (!can(actor, "models:read")) return <AccessDenied what="monitoring" />;
  const data = await getVersionMonitoring({ actor, slug, number: Number(number) }).catch((e) =>
    isAppError(e) && e.code === "NOT_FOUND" ? null : Promise.reject(e),
  );
  if (!data) notFound();
  const { model, version } = data;
  return (
    <div className="space-y-4">
      <div>
        <div className="text-xs text-slate-500">
          <Link href="/models" className="hover:underline">
            Models
          </Link>{" "}
          /{" "}
          <Link href={`/models/${slug}`} className="hover:underline">
            {slug}
          </Link>{" "}
          /
        </div>
        <h1 className="flex items-center gap-2 text-xl font-semibold text-slate-900">
          {model.title} <span className="font-mono text-slate-500">v{version.number}</span>{" "}
          <StageBadge stage={version.stage} />
        </h1>
      </div>
      <VersionTabs slug={slug} number={version.number} active="monitoring" />
      <VersionMonitoring
        versionId={version.id}
        problemType={model.problemType}
        health={version.health}
        reasons={data.reasons}
        drift={data.drift}
        canCompare={can(actor, "monitoring:ingest")}
      />
    </div>
  );
}
