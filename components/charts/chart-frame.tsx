import type { ReactNode } from "react";

/** Wraps a chart: a fixed height so it never collapses, and an empty state that says how to get data. */
export function ChartFrame({
  isEmpty,
  emptyText,
  height = 240,
  children,
  label,
}: {
  isEmpty: boolean;
  emptyText: string;
  height?: number;
  children: ReactNode;
  label: string;
}) {
  return (
    <div style={{ height }} className="w-full" role="figure" aria-label={label}>
      {isEmpty ? (
        <div className="grid h-full place-items-center rounded-md border border-dashed border-slate-200 text-sm text-slate-500">
          {emptyText}
        </div>
      ) : (
        children
      )}
    </div>
  );
}
