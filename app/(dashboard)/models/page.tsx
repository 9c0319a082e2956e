import type { Metadata } from "next";
import Link from "next/link";
import { ModelsFilters } from "@/components/models/models-filters";
import { ModelsTable } from "@/components/models/models-table";
import { AccessDenied, PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/domain/rbac/permissions";
import { ZListModelsQuery } from "@/lib/schemas/models";
import { requirePageActor } from "@/lib/server/auth/get-actor";
import { listModelFilterOptions } from "@/lib/server/models/list-model-filter-options";
import { listModels } from "@/lib/server/models/list-models";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const actor = await requirePageActor("/models");
  if (!can(actor, "models:read")) return <AccessDenied what="the model registry" />;
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v !== ""));
  const parsed = ZListModelsQuery.safeParse(raw);
  const query = parsed.success ? parsed.data : ZListModelsQuery.parse({});
  const [{ items, nextCursor }, options] = await Promise.all([
    listModels({ actor, query }),
    listModelFilterOptions({ actor }),
  ]);
  const filtered = Object.keys(raw).some((k) => k !== "sort" && k !== "cursor");
  return (
    <>
      <PageHeader
        title="Models"
        description="Every registered model, its latest version and what runs in production."
        actions={
          can(actor, "models:write") && (
            <Link
              href="/models/new"
              className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700"
            >
              Register a model
            </Link>
          )
        }
      />
      <ModelsFilters query={query} teams={options.teams} owners={options.owners} />
      {!parsed.success && (
        <p role="alert" className="mb-3 text-sm text-amber-700">
          Some filters were not valid and were ignored.
        </p>
      )}
      {items.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center text-sm text-slate-600">
          {filtered
            ? "No model matches these filters. Reset them to see the whole registry."
            : "No model registered yet. Register one here, or from a pipeline with POST /api/v1/models."}
        </div>
      ) : (
        <ModelsTable items={items} params={raw} sort={query.sort} />
      )}
      <div className="mt-3 flex justify-end gap-3 text-sm">
        {query.cursor && (
          <Link
            href={`/models?${new URLSearchParams({ ...raw, cursor: "" }).toString().replace(/&?cursor=/, "")}`}
            className="text-brand-700 hover:underline"
          >
            First page
          </Link>
        )}
        {nextCursor && (
          <Link
            href={`/models?${new URLSearchParams({ ...raw, cursor: nextCursor })}`}
            className="text-brand-700 hover:underline"
          >
            Next page →
          </Link>
        )}
      </div>
    </>
  );
}
