import Link from "next/link";
import { CriticalityBadge, HealthBadge, StageBadge } from "@/components/ui/labels";
import { Ago } from "@/components/ui/time";
import type { TModel } from "@/lib/schemas/models";

const SORTABLE: { key: string; label: string }[] = [
  { key: "slug", label: "Model" },
  { key: "updatedAt", label: "Updated" },
];

/** Sortable by clicking a header; sort links keep every current filter. */
export function ModelsTable({ items, params, sort }: { items: TModel[]; params: Record<string, string>; sort: string }) {
  const link = (key: string) => {
    const next = sort === key ? `-${key}` : key;
    const q = new URLSearchParams({ ...params, sort: next });
    q.delete("cursor");
    return `/models?${q.toString()}`;
  };
  const arrow = (key: string) => (sort === key ? " ↑" : sort === `-${key}` ? " ↓" : "");
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm" data-testid="models-table">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-4 py-2 font-medium"><Link href={link("slug")} className="hover:text-slate-900">{SORTABLE[0]!.label}{arrow("slug")}</Link></th>
            <th className="px-4 py-2 font-medium">Criticality</th>
            <th className="px-4 py-2 font-medium">Latest version</th>
            <th className="px-4 py-2 font-medium">In production</th>
            <th className="px-4 py-2 font-medium">Health</th>
            <th className="px-4 py-2 font-medium">Team</th>
            <th className="px-4 py-2 font-medium">Owners</th>
            <th className="px-4 py-2 font-medium"><Link href={link("updatedAt")} className="hover:text-slate-900">{SORTABLE[1]!.label}{arrow("updatedAt")}</Link></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((m) => (
            <tr key={m.id} className="hover:bg-slate-50">
              <td className="max-w-xs px-4 py-2">
                <Link href={`/models/${m.slug}`} className="font-medium text-brand-700 hover:underline">{m.title}</Link>
                <div className="truncate font-mono text-xs text-slate-500">{m.slug}</div>
                {m.tags.length > 0 && <div className="mt-1 flex flex-wrap gap-1">{m.tags.map((t) => <span key={t} className="rounded bg-slate-100 px-1.5 text-[11px] text-slate-600">{t}</span>)}</div>}
              </td>
              <td className="px-4 py-2"><CriticalityBadge criticality={m.criticality} /></td>
              <td className="px-4 py-2">{m.latestVersion ? <span className="flex items-center gap-2"><span className="tabular-nums">v{m.latestVersion.number}</span><StageBadge stage={m.latestVersion.stage} /></span> : <span className="text-slate-400">none</span>}</td>
              <td className="px-4 py-2 tabular-nums">{m.productionVersion ? `v${m.productionVersion.number}` : <span className="text-slate-400">—</span>}</td>
              <td className="px-4 py-2"><HealthBadge health={m.health} /></td>
              <td className="px-4 py-2 whitespace-nowrap">{m.team.name}</td>
              <td className="px-4 py-2 text-xs">
                <div>DS: {m.dsOwner.name}</div>
                <div className={m.itOwner ? "" : "text-slate-400"}>IT: {m.itOwner?.name ?? "none"}</div>
              </td>
              <td className="px-4 py-2 text-xs text-slate-600 whitespace-nowrap"><Ago iso={m.updatedAt} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
