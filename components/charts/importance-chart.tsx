"use client";

import { Bar, BarChart, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { IMPORTANCE_COLORS, type TImportanceBar } from "@/lib/domain/charts/importance";
import { ChartFrame } from "./chart-frame";

// Each row: the feature name on a line of its own, the bar under it. Names above the bars rather than on an axis keep
// the chart readable at any width (a 390 px phone leaves the chart ~150 px), whatever the length of the names.
const ROW_HEIGHT = 34;
const BAR_SIZE = 12;

type TLabelProps = { x?: number | string; y?: number | string; value?: number | string | boolean | null };

function FeatureName({ x, y, value }: TLabelProps) {
  return (
    <text x={Number(x ?? 0)} y={Number(y ?? 0) - 5} fontSize={12} fill="#334155" className="importance-feature">
      {String(value ?? "")}
    </text>
  );
}

/** A ranked horizontal bar chart of importance shares, most important on top; bars outside the approved list in red. */
export function ImportanceChart({
  bars,
  side,
  label,
}: {
  bars: TImportanceBar[];
  side: "version" | "champion";
  label: string;
}) {
  const height = Math.max(120, bars.length * ROW_HEIGHT + 16);
  return (
    <ChartFrame label={label} isEmpty={bars.length === 0} emptyText="No feature importance recorded." height={height}>
      {/* On a very narrow column a long name is clipped at the card's edge rather than widening the page; the
          table below and the tooltip give it in full. */}
      <div className="h-full w-full overflow-hidden">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={bars}
            layout="vertical"
            margin={{ left: 0, right: 40, top: 14, bottom: 0 }}
            barSize={BAR_SIZE}
          >
            <XAxis type="number" domain={[0, "dataMax"]} hide />
            <YAxis type="category" dataKey="feature" hide />
            <Tooltip
              cursor={{ fill: "#f1f5f9" }}
              formatter={(_v, _n, item) => [
                (item.payload as TImportanceBar).label,
                `Rank ${(item.payload as TImportanceBar).rank}`,
              ]}
            />
            <Bar dataKey="share" isAnimationActive={false} radius={[0, 3, 3, 0]} minPointSize={2}>
              {bars.map((b) => (
                <Cell key={b.feature} fill={b.approved ? IMPORTANCE_COLORS[side] : IMPORTANCE_COLORS.unapproved} />
              ))}
              <LabelList dataKey="feature" content={FeatureName} />
              <LabelList dataKey="label" position="right" style={{ fontSize: 11, fill: "#475569" }} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartFrame>
  );
}
