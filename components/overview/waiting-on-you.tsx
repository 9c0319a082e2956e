import Link from "next/link";
import { Card } from "@/components/ui/card";
import { StageBadge } from "@/components/ui/labels";
import { Ago } from "@/components/ui/time";
import { DIRECTION_LABELS } from "@/lib/domain/handoffs/handoff";
import type { TPortfolioOverview } from "@/lib/server/views/get-portfolio-overview";

/** The first thing on everyone's home page: handoffs addressed to me, and requests waiting on one of my roles. */
export function WaitingOnYou({ data }: { data: TPortfolioOverview["waitingOnYou"] }) {
  const approvals = data.approvals ?? [];
  const total = data.handoffs.length + (data.approvalsTotal ?? 0);
  const hidden = (data.approvalsTotal ?? 0) - approvals.length;
  return (
    <Card
      title="Waiting on you"
      description={total ? `${total} item${total === 1 ? "" : "s"} need your decision, oldest first.` : undefined}
    >
      {total === 0 ? (
        <p className="text-sm text-slate-600" data-testid="waiting-on-you">
          Nothing waits on you.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="waiting-on-you">
          {data.handoffs.map((h) => (
            <li
              key={h.id}
              className="flex flex-wrap items-baseline gap-x-3 py-2"
              data-testid={`waiting-handoff-${h.modelSlug}`}
            >
              <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-amber-200">
                Handoff
              </span>
              <Link href={`/models/${h.modelSlug}#handoffs`} className="font-medium text-brand-700 hover:underline">
                {h.modelTitle}
              </Link>
              <span className="text-slate-600">
                {DIRECTION_LABELS[h.direction]} from {h.fromName}
              </span>
              <span className="text-xs text-slate-500">
                proposed <Ago iso={h.proposedAt} />
              </span>
            </li>
          ))}
          {approvals.map((r) => (
            <li
              key={r.id}
              className="flex flex-wrap items-baseline gap-x-3 py-2"
              data-testid={`waiting-approval-${r.modelSlug}-v${r.versionNumber}`}
            >
              <span className="rounded bg-violet-50 px-1.5 py-0.5 text-xs font-medium text-violet-700 ring-1 ring-violet-200">
                Approval
              </span>
              <Link
                href={`/models/${r.modelSlug}/versions/${r.versionNumber}`}
                className="font-medium text-brand-700 hover:underline"
              >
                {r.modelTitle} v{r.versionNumber}
              </Link>
              <span className="flex items-center gap-1 text-slate-600">
                to <StageBadge stage={r.toStage} /> asked by {r.requesterName}
              </span>
              <span className="text-xs text-slate-500">
                <Ago iso={r.createdAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
      {hidden > 0 ? (
        <p className="mt-2 text-sm text-slate-600" data-testid="waiting-on-you-more">
          {hidden} more request{hidden === 1 ? "" : "s"} wait on you:{" "}
          <Link href="/promotions" className="font-medium text-brand-700 hover:underline">
            open the promotions queue
          </Link>
          .
        </p>
      ) : null}
    </Card>
  );
}
