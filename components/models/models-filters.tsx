import { STAGES, STAGE_LABELS } from "@/lib/domain/lifecycle/stages";
import type { TListModelsQuery } from "@/lib/schemas/models";

type Option = { id: string; name: string };

/** A plain GET form: filters live in the URL, so a filtered list can be bookmarked and shared. */
export function ModelsFilters({
  query,
  teams,
  owners,
}: {
  query: Partial<TListModelsQuery>;
  teams: Option[];
  owners: Option[];
}) {
  const select = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  return (
    <form method="get" className="mb-4 flex flex-wrap items-end gap-2" aria-label="Filter models">
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Search
        <input
          name="search"
          defaultValue={query.search ?? ""}
          placeholder="name, title or tag"
          className="mt-1 w-56 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
        />
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Stage
        <select name="stage" defaultValue={query.stage ?? ""} className={`mt-1 ${select}`}>
          <option value="">Any</option>
          {STAGES.map((s) => (
            <option key={s} value={s}>
              {STAGE_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Team
        <select name="teamId" defaultValue={query.teamId ?? ""} className={`mt-1 ${select}`}>
          <option value="">Any</option>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Owner
        <select name="ownerId" defaultValue={query.ownerId ?? ""} className={`mt-1 ${select}`}>
          <option value="">Anyone</option>
          {owners.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Criticality
        <select name="criticality" defaultValue={query.criticality ?? ""} className={`mt-1 ${select}`}>
          <option value="">Any</option>
          <option value="MISSION_CRITICAL">Mission-critical</option>
          <option value="INTERNAL">Internal</option>
        </select>
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Health
        <select name="health" defaultValue={query.health ?? ""} className={`mt-1 ${select}`}>
          <option value="">Any</option>
          <option value="CRITICAL">Critical</option>
          <option value="WARNING">Warning</option>
          <option value="HEALTHY">Healthy</option>
          <option value="UNKNOWN">Unknown</option>
        </select>
      </label>
      <input type="hidden" name="sort" value={query.sort ?? "slug"} />
      <button
        type="submit"
        className="rounded-md bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700"
      >
        Apply
      </button>
      <a href="/models" className="px-2 py-1.5 text-sm text-slate-600 hover:underline">
        Reset
      </a>
    </form>
  );
}
