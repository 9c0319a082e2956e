import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { WARNING_KINDS, WARNING_LABELS, type TWarningKind } from "@/lib/domain/overview/ownership-warnings";
import type { TPortfolioOverview } from "@/lib/server/views/get-portfolio-overview";

const TONE: Record<TWarningKind, BadgeTone> = {
  NO_IT_OWNER: "red",
  ORPHANED: "red",
  BUS_FACTOR_1: "amber",
  WAITING: "amber",
};

/** Ownership warnings by kind, each linking to the model (or the waiting version); long lists say how many are left out. */
export function OwnershipWarnings({ data }: { data: TPortfolioOverview["warnings"] }) {
  const total = WARNING_KINDS.reduce((n, k) => n + data.counts[k], 0);
  return (
    <Card
      title="Ownership warnings"
      description={`Production without an IT owner, one person holding every role, deactivated owners, handoffs and approvals waiting more than ${data.waitingDays} days.`}
    >
      <div className="mb-3 flex flex-wrap gap-2" aria-label="Warnings by kind">
        {WARNING_KINDS.map((k) => (
          <Badge key={k} tone={data.counts[k] ? TONE[k] : "green"}>
            {WARNING_LABELS[k]}: {data.counts[k]}
          </Badge>
        ))}
      </div>
      {total === 0 ? (
        <p className="text-sm text-emerald-700" data-testid="ownership-warnings">
          Every model has its owners and nothing waits too long.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="ownership-warnings">
          {data.items.map((w, i) => (
            <li
              key={`${w.kind}-${w.modelId}-${w.versionNumber ?? ""}-${i}`}
              className="flex flex-wrap items-baseline gap-x-3 py-1.5"
              data-testid={`warning-${w.kind}-${w.modelSlug}`}
            >
              <Badge tone={TONE[w.kind]}>{WARNING_LABELS[w.kind]}</Badge>
              <Link
                href={w.versionNumber ? `/models/${w.modelSlug}/versions/${w.versionNumber}` : `/models/${w.modelSlug}`}
                className="font-medium text-brand-700 hover:underline"
              >
                {w.modelTitle}
              </Link>
              <span className="text-slate-600">{w.message}</span>
              {w.criticality === "MISSION_CRITICAL" && (
                <span className="text-xs font-medium text-violet-700">mission-critical</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {WARNING_KINDS.some((k) => data.counts[k] > data.perKind) && (
        <p className="mt-2 text-xs text-slate-500">
          Showing the first {data.perKind} of each kind; the counts above include every warning.
        </p>
      )}
    </Card>
  );
}
