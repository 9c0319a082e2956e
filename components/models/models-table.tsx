import Link from "next/link";
import { CriticalityBadge, HealthBadge, StageBadge } from "@/components/ui/labels";
import { Ago } from "@/components/ui/time";
import type { TModel } from "@/lib/schemas/models";

/** Fields whose first click sorts descending: the worst health, the most critical and the best metric come first. */
const DESC_FIRST = new Set(["health", "keyMetric", "updatedAt"]);

/** Sortable by clicking any header but "In production"; sort links keep every current filter. */
export function ModelsTable({
  items,
  params,
  sort,
}: {
  items: TModel[];
  params: Record<string, string>;
  sort: string;
}) {
  const link = (key: string) => {
    const next = sort === key ? `-${key}` : sort === `-${key}` ? key : DESC_FIRST.has(key) ? `-${key}` : key;
    const q = new URLSearchParams({ ...params, sort: next });
    q.delete("cursor");
    return `/models?${q.toString()}`;
  };
  const Header = ({ field, label }: { field: string; label: string }) => {
    const state = sort === field ? "ascending" : sort === `-${field}` ? "descending" : "none";
    return (
      <th className="px-4 py-2 font-medium" aria-sort={state}>
        <Link href={link(field)} className="hover:text-slate-900">
          {label}
          {state === "ascending" ? " ↑" : state === "descending" ? " ↓" : ""}
        </Link>
      </th>
    );
  };
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm" data-testid="models-table">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <Header field="slug" label="Model" />
            <Header field="criticality" label="Criticality" />
            <Header field="stage" label="Latest version" />
            <th className="px-4 py-2 font-medium">In production</th>
            <Header field="health" label="Health" />
            <Header field="keyMetric" label="Key metric" />
            <Header field="team" label="Team" />
            <Header field="owner" label="Owners" />
            <Header field="updatedAt" label="Updated" />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((m) => (
            <tr key={m.id} className="hover:bg-slate-50">
              <td className="max-w-xs px-4 py-2">
                <Link href={`/models/${m.slug}`} className="font-medium text-brand-700 hover:underline">
                  {m.title}
                </Link>
                <div className="truncate font-mono text-xs text-slate-500">{m.slug}</div>
                {m.tags.length > 0 && (
                  <div className="mt-1 flex flex-wrap gap-1">
                    {m.tags.map((t) => (
                      <span key={t} className="rounded bg-slate-100 px-1.5 text-[11px] text-slate-600">
                        {t}
                      </span>
                    ))}
                  </div>
                )}
              </td>
              <td className="px-4 py-2">
                <CriticalityBadge criticality={m.criticality} />
              </td>
              <td className="px-4 py-2">
                {m.latestVersion ? (
                  <span className="flex items-center gap-2">
                    <span className="tabular-nums">v{m.latestVersion.number}</span>
                    <StageBadge stage={m.latestVersion.stage} />
                  </span>
                ) : (
                  <span className="text-slate-400">none</span>
                )}
              </td>
              <td className="px-4 py-2 tabular-nums">
                {m.productionVersion ? `v${m.productionVersion.number}` : <span className="text-slate-400">—</span>}
              </td>
              <td className="px-4 py-2">
                <HealthBadge health={m.health} />
              </td>
              <td className="px-4 py-2 whitespace-nowrap tabular-nums">
                {m.keyMetric ? (
                  <>
                    <span className="font-mono text-xs text-slate-500">{m.keyMetric.name}</span>{" "}
                    {Number(m.keyMetric.value.toFixed(4))}
                  </>
                ) : (
                  <span className="text-slate-400">—</span>
                )}
              </td>
              <td className="px-4 py-2 whitespace-nowrap">{m.team.name}</td>
              <td className="px-4 py-2 text-xs">
                <div>DS: {m.dsOwner.name}</div>
                <div className={m.itOwner ? "" : "text-slate-400"}>IT: {m.itOwner?.name ?? "none"}</div>
              </td>
              <td className="px-4 py-2 text-xs text-slate-600 whitespace-nowrap">
                <Ago iso={m.updatedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
