import { SEVERITIES } from "@/lib/domain/alerts/alert-rules";

/** A plain GET form: filters live in the URL, so a filtered alert list can be bookmarked and shared. */
/** `status` is "" for any status. */
export function AlertsFilters({
  status,
  severity,
  modelId,
  models,
}: {
  status: string;
  severity?: string;
  modelId?: string;
  models: { id: string; slug: string }[];
}) {
  const select = "mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  const label = "flex flex-col text-xs font-medium text-slate-600";
  return (
    <form method="get" className="mb-4 flex flex-wrap items-end gap-2" aria-label="Filter alerts">
      <label className={label}>
        Status
        <select name="status" defaultValue={status} className={select}>
          <option value="UNRESOLVED">Open or acknowledged</option>
          <option value="OPEN">Open</option>
          <option value="ACKNOWLEDGED">Acknowledged</option>
          <option value="RESOLVED">Resolved</option>
          <option value="">Any</option>
        </select>
      </label>
      <label className={label}>
        Severity
        <select name="severity" defaultValue={severity ?? ""} className={select}>
          <option value="">Any</option>
          {[...SEVERITIES].reverse().map((s) => (
            <option key={s} value={s}>
              {s.charAt(0) + s.slice(1).toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      <label className={label}>
        Model
        <select name="modelId" defaultValue={modelId ?? ""} className={select}>
          <option value="">Any</option>
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.slug}
            </option>
          ))}
        </select>
      </label>
      <button
        type="submit"
        className="rounded-md bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700"
      >
        Apply
      </button>
      <a href="/alerts" className="px-2 py-1.5 text-sm text-slate-600 hover:underline">
        Reset
      </a>
    </form>
  );
}
