import { ImportanceChart } from "@/components/charts/importance-chart";
import { Badge } from "@/components/ui/badge";
import { formatPercent, prepareImportanceChart, prepareRankChanges } from "@/lib/domain/charts/importance";
import { METHOD_LABELS, summarizeImportanceChange } from "@/lib/domain/importance/feature-importance";
import type { TFeatureImportanceDto } from "@/lib/schemas/importance";

type Props = {
  number: number;
  own: TFeatureImportanceDto | null;
  champion: { number: number; importance: TFeatureImportanceDto | null } | null;
  approvedFeatures: string[];
};

/**
 * What this version relies on, beside what the production champion relies on: two ranked bar charts, the rank
 * changes, the top-3 share and the comparison in plain words. Features outside the model's approved list are red.
 */
export function ImportancePanel({ number, own, champion, approvedFeatures }: Props) {
  if (!own) {
    return (
      <p className="text-sm text-slate-600">
        No feature importance recorded. Send it with POST /api/v1/versions/{"{id}"}/importance (or the
        modelgate.feature_importance MLflow tag) while the version is in Design.
      </p>
    );
  }
  const mine = prepareImportanceChart(own.values, approvedFeatures);
  const theirs = champion?.importance ? prepareImportanceChart(champion.importance.values, approvedFeatures) : null;
  const changes = champion?.importance ? prepareRankChanges(own.values, champion.importance.values) : null;
  const summary = champion?.importance
    ? summarizeImportanceChange({
        version: number,
        championVersion: champion.number,
        challenger: own.values,
        champion: champion.importance.values,
      })
    : null;
  return (
    <div className="space-y-4 [overflow-wrap:anywhere]" data-testid="importance-panel">
      {summary && (
        <p className="rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-900" data-testid="importance-summary">
          {summary}
        </p>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-label={`v${number} feature importance`} data-testid="importance-own">
          <h3 className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-800">
            v{number} <Badge tone="slate">{METHOD_LABELS[own.method]}</Badge>
            <span className="text-xs font-normal text-slate-500">top 3: {formatPercent(mine.topShare)}</span>
          </h3>
          <p className="mb-1 text-xs text-slate-500">{mine.caption}</p>
          <ImportanceChart bars={mine.bars} side="version" label={`Feature importance of v${number}`} />
        </section>
        <section aria-label="Champion feature importance" data-testid="importance-champion">
          {champion ? (
            <>
              <h3 className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-800">
                Champion v{champion.number}{" "}
                {champion.importance && <Badge tone="slate">{METHOD_LABELS[champion.importance.method]}</Badge>}
                {theirs && (
                  <span className="text-xs font-normal text-slate-500">top 3: {formatPercent(theirs.topShare)}</span>
                )}
              </h3>
              {theirs ? (
                <>
                  <p className="mb-1 text-xs text-slate-500">{theirs.caption}</p>
                  <ImportanceChart
                    bars={theirs.bars}
                    side="champion"
                    label={`Feature importance of the champion v${champion.number}`}
                  />
                </>
              ) : (
                <p className="text-sm text-slate-600">
                  The champion has no feature importance on file, so nothing to compare with.
                </p>
              )}
            </>
          ) : (
            <p className="text-sm text-slate-600">No other version is live in production: nothing to compare with.</p>
          )}
        </section>
      </div>
      {approvedFeatures.length > 0 && mine.bars.some((b) => !b.approved) && (
        <p className="text-xs text-rose-700">
          Red bars: features outside the model&apos;s approved list ({approvedFeatures.join(", ")}).
        </p>
      )}
      {changes && champion?.importance && (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[22rem] text-left text-sm" data-testid="rank-changes">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-1 pr-3 font-medium">Feature</th>
                <th className="py-1 pr-3 text-right font-medium">v{number}</th>
                <th className="py-1 pr-3 text-right font-medium">v{champion.number}</th>
                <th className="py-1 font-medium">Rank change</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {changes.rows.map((r) => (
                <tr key={r.feature}>
                  <td className="py-1 pr-3 font-mono text-xs">{r.feature}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">
                    {r.rank}. {formatPercent(r.share)}
                  </td>
                  <td className="py-1 pr-3 text-right tabular-nums text-slate-600">
                    {r.championRank === null ? "—" : `${r.championRank}. ${formatPercent(r.championShare ?? 0)}`}
                  </td>
                  <td
                    className={`py-1 text-xs ${r.direction === "up" ? "text-emerald-700" : r.direction === "down" ? "text-rose-700" : "text-slate-600"}`}
                  >
                    {r.change}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {changes.dropped.length > 0 && (
            <p className="mt-1 text-xs text-slate-500">Not in this version: {changes.dropped.join(", ")}.</p>
          )}
        </div>
      )}
    </div>
  );
}
