import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ComparePicker, CompareHeaderBadges, VersionComparison } from "@/components/versions/version-comparison";
import { AccessDenied } from "@/components/ui/page-header";
import { can } from "@/lib/domain/rbac/permissions";
import { isAppError } from "@/lib/errors";
import { requirePageActor } from "@/lib/server/auth/get-actor";
import { getComparePage } from "@/lib/server/views/get-compare-page";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ v?: string | string[]; only?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Compare versions · ${(await params).slug}` };
}

export default async function CompareVersionsPage({ params, searchParams }: Props) {
  const [{ slug }, query] = await Promise.all([params, searchParams]);
  const actor = await requirePageActor(`/models/${slug}/compare`);
  if (!can(actor, "models:read")) return <AccessDenied what="the model registry" />;
  const data = await getComparePage({ actor, slug, selected: query.v }).catch((e) =>
    isAppError(e) && e.code === "NOT_FOUND" ? null : Promise.reject(e),
  );
  if (!data) notFound();
  const only = query.only === "diff";
  const base = `/models/${slug}/compare?${data.selected.map((n) => `v=${n}`).join("&")}`;
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
        <h1 className="text-xl font-semibold text-slate-900 dark:text-slate-100">Compare versions</h1>
        {data.comparison && <CompareHeaderBadges versions={data.comparison.versions} />}
      </div>
      <ComparePicker slug={slug} available={data.available} selected={data.selected} />
      {data.error && (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {data.error}
        </p>
      )}
      {data.comparison ? (
        <VersionComparison
          data={data.comparison}
          onlyDifferences={only}
          toggleHref={only ? base : `${base}&only=diff`}
        />
      ) : (
        !data.error && <p className="text-sm text-slate-600">Tick two to four versions above and press Compare.</p>
      )}
    </div>
  );
}
