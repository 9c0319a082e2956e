import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Ago } from "@/components/ui/time";
import { CHECKLIST_ITEMS, DIRECTION_LABELS, isHttpUrl } from "@/lib/domain/handoffs/handoff";
import type { THandoff } from "@/lib/schemas/handoffs";

const STATUS_TONE: Record<THandoff["status"], BadgeTone> = {
  PROPOSED: "amber",
  ACCEPTED: "green",
  DECLINED: "red",
  CANCELLED: "slate",
};

export function HandoffStatusBadge({ status }: { status: THandoff["status"] }) {
  return <Badge tone={STATUS_TONE[status]}>{status.toLowerCase()}</Badge>;
}

/** Who hands what to whom, and when. */
export function HandoffHeadline({ h }: { h: THandoff }) {
  return (
    <p className="text-sm">
      <span className="font-medium">{DIRECTION_LABELS[h.direction]}</span>: {h.from.name}
      {!h.from.active && <span className="text-rose-700"> (deactivated)</span>} → <strong>{h.to.name}</strong>
      {h.proposedBy.id !== h.from.id && <span className="text-slate-600">, proposed by {h.proposedBy.name}</span>}
      <span className="text-xs text-slate-500">
        {" "}
        · <Ago iso={h.proposedAt} />
      </span>
    </p>
  );
}

/** The six checklist answers; the runbook as a link (only when it is an http(s) URL: never a javascript: href). */
export function HandoffChecklist({ checklist }: { checklist: Record<string, string> }) {
  return (
    <dl
      className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[minmax(10rem,auto)_1fr]"
      data-testid="handoff-checklist"
    >
      {CHECKLIST_ITEMS.map((item) => {
        const answer = checklist[item.key];
        return (
          <div key={item.key} className="contents">
            <dt className="text-slate-500">{item.label}</dt>
            <dd className="min-w-0 break-words">
              {!answer ? (
                <span className="text-slate-400">—</span>
              ) : item.key === "runbook" && isHttpUrl(answer) ? (
                <a href={answer} className="text-brand-700 hover:underline" target="_blank" rel="noreferrer noopener">
                  {answer}
                </a>
              ) : (
                answer
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
