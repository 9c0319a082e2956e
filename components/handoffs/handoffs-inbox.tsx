import Link from "next/link";
import { Card } from "@/components/ui/card";
import { Ago } from "@/components/ui/time";
import { DIRECTION_LABELS } from "@/lib/domain/handoffs/handoff";
import type { THandoffsInbox, TInboxHandoff } from "@/lib/server/handoffs/get-handoffs-inbox";
import { HandoffActions } from "./handoff-actions";
import { HandoffChecklist, HandoffHeadline, HandoffStatusBadge } from "./handoff-summary";

function PendingList({ items, testId }: { items: TInboxHandoff[]; testId: string }) {
  return (
    <ul className="space-y-4" data-testid={testId}>
      {items.map(({ handoff: h, canDecide, canCancel }) => (
        <li
          key={h.id}
          className="space-y-2 rounded-md border border-slate-200 p-3"
          data-testid={`handoff-${h.modelSlug}`}
        >
          <div className="flex flex-wrap items-center gap-2">
            <Link href={`/models/${h.modelSlug}#handoffs`} className="font-medium text-brand-700 hover:underline">
              {h.modelTitle}
            </Link>
            <HandoffHeadline h={h} />
          </div>
          {h.message && <p className="text-sm text-slate-700">“{h.message}”</p>}
          <details className="text-sm">
            <summary className="cursor-pointer text-slate-600">Checklist</summary>
            <div className="mt-2">
              <HandoffChecklist checklist={h.checklist} />
            </div>
          </details>
          <HandoffActions handoffId={h.id} canDecide={canDecide} canCancel={canCancel} />
        </li>
      ))}
    </ul>
  );
}

export function HandoffsInbox({ data }: { data: THandoffsInbox }) {
  return (
    <div className="space-y-6">
      <Card
        title="Waiting on you"
        description="Handoffs addressed to you, oldest first. Accepting makes you the owner named by the direction."
      >
        {data.toMe.length === 0 ? (
          <p className="text-sm text-slate-600">No handoff waits on you.</p>
        ) : (
          <PendingList items={data.toMe} testId="handoffs-to-me" />
        )}
      </Card>
      <Card
        title="Proposed by you"
        description="Your handoffs waiting on their receiver. The proposer may withdraw them."
      >
        {data.fromMe.length === 0 ? (
          <p className="text-sm text-slate-600">You have no handoff waiting.</p>
        ) : (
          <PendingList items={data.fromMe} testId="handoffs-from-me" />
        )}
      </Card>
      <Card
        title="Recent outcomes"
        description="The latest accepted, declined and cancelled handoffs across the portfolio."
      >
        {data.recent.length === 0 ? (
          <p className="text-sm text-slate-600">No handoff has been decided yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="handoffs-recent">
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="py-2 pr-4 font-medium">Model</th>
                  <th className="py-2 pr-4 font-medium">Direction</th>
                  <th className="py-2 pr-4 font-medium">From → to</th>
                  <th className="py-2 pr-4 font-medium">Outcome</th>
                  <th className="py-2 font-medium">When</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.recent.map((h) => (
                  <tr key={h.id}>
                    <td className="py-2 pr-4">
                      <Link
                        href={`/models/${h.modelSlug}#handoffs`}
                        className="font-medium text-brand-700 hover:underline"
                      >
                        {h.modelTitle}
                      </Link>
                    </td>
                    <td className="py-2 pr-4">{DIRECTION_LABELS[h.direction]}</td>
                    <td className="py-2 pr-4">
                      {h.from.name} → {h.to.name}
                    </td>
                    <td className="py-2 pr-4">
                      <HandoffStatusBadge status={h.status} />
                      {h.reason && <span className="ml-2 text-xs text-slate-600">{h.reason}</span>}
                    </td>
                    <td className="py-2 text-xs text-slate-600">
                      <Ago iso={h.decidedAt ?? h.proposedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
