import Link from "next/link";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { HealthBadge, StageBadge } from "@/components/ui/labels";
import { LineageLink } from "./lineage-link";
import { isLowerBetter } from "@/lib/domain/versions/compare-versions";
import type { TCompareVersionsResponse } from "@/lib/schemas/models";

type TRow = TCompareVersionsResponse["sections"]["metrics"][number];
type TVersionCol = TCompareVersionsResponse["versions"][number];

const SECTIONS: {
  key: keyof TCompareVersionsResponse["sections"];
  title: string;
  description: string;
  empty: string;
}[] = [
  {
    key: "metrics",
    title: "Evaluation metrics",
    description:
      "Best value in bold green (lower is better for errors, losses and latency); deltas against the first version.",
    empty: "No version reported a metric.",
  },
  { key: "evidence", title: "Gate evidence", description: "What the gates read besides the checks.", empty: "" },
  {
    key: "checks",
    title: "Checks",
    description: "The latest result per check, as the gate counts it.",
    empty: "No check reported for these versions.",
  },
  {
    key: "drift",
    title: "Drift (latest production window)",
    description: "From the latest sample window each version received.",
    empty: "No version has received a sample window yet.",
  },
  { key: "lineage", title: "Lineage", description: "Where each version came from.", empty: "" },
  {
    key: "parameters",
    title: "Parameters",
    description: "Training parameters, nested values compared whatever their key order.",
    empty: "No version recorded parameters.",
  },
  {
    key: "features",
    title: "Feature schema",
    description: "A feature missing from a version shows as —.",
    empty: "No version registered a feature schema.",
  },
];

function formatDelta(delta: number): string {
  const rounded = Number(delta.toPrecision(3));
  return `${rounded > 0 ? "+" : rounded < 0 ? "−" : "±"}${Math.abs(rounded)}`;
}

/** Lineage cells that point somewhere become links: commit (code host), MLflow run (our run page), http(s) datasets. */
function lineageCell(key: string, text: string, v: TVersionCol): ReactNode {
  const href =
    key === "Git commit"
      ? v.links.gitCommit
      : key === "MLflow run"
        ? v.links.run
        : key === "Training data"
          ? v.links.trainingDataset
          : null;
  return href ? <LineageLink href={href}>{text}</LineageLink> : text;
}

function Cell({ row, index, section, version }: { row: TRow; index: number; section: string; version: TVersionCol }) {
  const c = row.cells[index]!;
  if (c.text === null || c.text === "") return <span className="text-slate-400">—</span>;
  if (section !== "metrics")
    return <span className="break-all">{section === "lineage" ? lineageCell(row.key, c.text, version) : c.text}</span>;
  const better = c.delta === null || c.delta === 0 ? null : c.delta < 0 === isLowerBetter(row.key);
  return (
    <span className={cn("tabular-nums", c.best && "font-semibold text-emerald-700 dark:text-emerald-400")}>
      {c.text}
      {c.best && <span className="sr-only"> (best)</span>}
      {c.delta !== null && c.delta !== 0 && (
        <span
          className={cn(
            "ml-1.5 text-xs font-normal",
            better ? "text-emerald-700 dark:text-emerald-400" : "text-rose-700 dark:text-rose-400",
          )}
        >
          {formatDelta(c.delta)}
        </span>
      )}
    </span>
  );
}

/** 2–4 versions side by side, one table per section; differing rows are tinted and flagged for screen readers. */
export function VersionComparison({
  data,
  onlyDifferences,
  toggleHref,
}: {
  data: TCompareVersionsResponse;
  onlyDifferences: boolean;
  toggleHref: string;
}) {
  const { versions, model } = data;
  return (
    <div className="space-y-4" data-testid="version-comparison">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <p className="text-slate-700 dark:text-slate-300">
          <span className="font-semibold">{data.differing}</span> row{data.differing === 1 ? "" : "s"} differ between{" "}
          {versions.map((v) => `v${v.number}`).join(", ")}.
        </p>
        <Link
          href={toggleHref}
          className="rounded-md border border-slate-300 px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800"
          aria-pressed={onlyDifferences}
        >
          {onlyDifferences ? "Show every row" : "Show only differences"}
        </Link>
      </div>
      {SECTIONS.map((s) => {
        const all = data.sections[s.key];
        const rows = onlyDifferences ? all.filter((r) => r.differs) : all;
        if (all.length === 0 && !s.empty) return null;
        return (
          <Card key={s.key} title={s.title} description={s.description}>
            {all.length === 0 ? (
              <p className="text-sm text-slate-600 dark:text-slate-400">{s.empty}</p>
            ) : rows.length === 0 ? (
              <p className="text-sm text-slate-600 dark:text-slate-400">No difference in this section.</p>
            ) : (
              <div className="overflow-x-auto">
                <table className="w-full min-w-[32rem] table-fixed text-left text-sm" data-testid={`compare-${s.key}`}>
                  <thead className="text-xs text-slate-500 dark:text-slate-400">
                    <tr>
                      <th className="w-40 py-1 pr-3 font-medium">
                        {s.key === "metrics"
                          ? "Metric"
                          : s.key === "features"
                            ? "Feature"
                            : s.key === "parameters"
                              ? "Parameter"
                              : ""}
                      </th>
                      {versions.map((v, i) => (
                        <th key={v.id} className="py-1 pr-3 font-medium">
                          <Link
                            href={`/models/${model.slug}/versions/${v.number}`}
                            className="font-mono text-brand-700 hover:underline dark:text-brand-100"
                          >
                            v{v.number}
                          </Link>
                          {i === 0 && <span className="ml-1 font-normal text-slate-400">baseline</span>}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                    {rows.map((r) => (
                      <tr
                        key={r.key}
                        data-differs={r.differs}
                        className={r.differs ? "bg-amber-50 dark:bg-amber-950/40" : undefined}
                      >
                        <th
                          scope="row"
                          className="py-1.5 pr-3 align-top font-mono text-xs font-normal text-slate-700 dark:text-slate-300"
                        >
                          {r.differs && (
                            <span aria-hidden className="mr-1 text-amber-600">
                              ≠
                            </span>
                          )}
                          <span className="break-all">{r.key}</span>
                          {r.differs && <span className="sr-only"> (differs)</span>}
                        </th>
                        {versions.map((v, i) => (
                          <td key={v.id} className="py-1.5 pr-3 align-top text-xs text-slate-800 dark:text-slate-200">
                            <Cell row={r} index={i} section={s.key} version={v} />
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        );
      })}
    </div>
  );
}

/** The picker: tick 2–4 versions and compare; a plain GET form, so it works before any script has loaded. */
export function ComparePicker({
  slug,
  available,
  selected,
}: {
  slug: string;
  available: { number: number; stage: TVersionCol["stage"] }[];
  selected: number[];
}) {
  return (
    <form
      method="get"
      action={`/models/${slug}/compare`}
      className="flex flex-wrap items-center gap-2"
      data-testid="compare-picker"
    >
      <span className="text-xs text-slate-500 dark:text-slate-400">Versions (2–4):</span>
      {available.map((v) => (
        <label
          key={v.number}
          className="inline-flex items-center gap-1 rounded border border-slate-200 px-1.5 py-0.5 text-xs dark:border-slate-700"
        >
          <input
            type="checkbox"
            name="v"
            value={v.number}
            defaultChecked={selected.includes(v.number)}
            className="size-3.5"
          />
          <span className="font-mono">v{v.number}</span>
          <StageBadge stage={v.stage} />
        </label>
      ))}
      <button
        type="submit"
        className="rounded-md bg-brand-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-brand-700"
      >
        Compare
      </button>
    </form>
  );
}

export function CompareHeaderBadges({ versions }: { versions: TVersionCol[] }) {
  return (
    <div className="flex flex-wrap gap-3 text-xs">
      {versions.map((v) => (
        <span key={v.id} className="inline-flex items-center gap-1">
          <span className="font-mono">v{v.number}</span>
          <StageBadge stage={v.stage} />
          {v.stage === "MONITORING" && <HealthBadge health={v.health} />}
        </span>
      ))}
    </div>
  );
}
