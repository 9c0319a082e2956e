"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Ago } from "@/components/ui/time";
import { useUserResponsibilities } from "@/lib/client/users";
import { DIRECTION_LABELS } from "@/lib/domain/handoffs/handoff";
import { ROLE_LABELS } from "@/lib/domain/rbac/permissions";

const HOLDS = { DS_OWNER: "data-science owner", IT_OWNER: "IT owner" } as const;

/**
 * Shown as soon as an administrator unticks "Active" (and for people already deactivated): every model the
 * person owns, with a link proposing the handoff that reassigns each role, and every approval they gave on
 * a pending request (it stops counting once they are deactivated).
 */
export function UserResponsibilities({ userId, name, isActive }: { userId: string; name: string; isActive: boolean }) {
  const q = useUserResponsibilities(userId, true);
  if (q.isPending) return <p className="text-sm text-slate-500">Looking up what {name} owns…</p>;
  if (q.isError)
    return (
      <p role="alert" className="text-sm text-rose-700">
        {q.error.message}
      </p>
    );
  const { models, approvals, handoffsToUser } = q.data;
  const nothing = models.length + approvals.length + handoffsToUser.length === 0;
  return (
    <div
      className="space-y-3 rounded-md border border-amber-200 bg-amber-50/60 p-3 text-sm"
      data-testid="user-responsibilities"
    >
      <p className="font-medium text-amber-900">
        {nothing
          ? `${name} owns no model and holds no approval.`
          : isActive
            ? `Before you deactivate ${name}, reassign what they hold:`
            : `${name} is deactivated but still holds:`}
      </p>
      {models.length > 0 && (
        <div>
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">Models ({models.length})</h3>
          <ul className="mt-1 space-y-1">
            {models.map((m) => (
              <li key={m.id} className="flex flex-wrap items-baseline gap-x-2" data-testid={`owned-${m.slug}`}>
                <Link href={`/models/${m.slug}`} className="font-medium text-brand-700 hover:underline">
                  {m.title}
                </Link>
                <span className="text-slate-600">{m.holds.map((h) => HOLDS[h]).join(" and ")}</span>
                {m.inProduction && <Badge tone="green">in production</Badge>}
                {m.pendingHandoff ? (
                  <span className="text-xs text-slate-600">handoff to {m.pendingHandoff.to.name} waiting</span>
                ) : (
                  m.reassignWith.map((d) => (
                    <Link
                      key={d}
                      href={`/models/${m.slug}?handoff=${d}#handoffs`}
                      className="text-xs font-medium text-brand-700 hover:underline"
                    >
                      Propose handoff ({DIRECTION_LABELS[d]})
                    </Link>
                  ))
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {approvals.length > 0 && (
        <div>
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">
            Approvals on pending requests ({approvals.length}) — they stop counting once {name} is deactivated
          </h3>
          <ul className="mt-1 space-y-1">
            {approvals.map((a) => (
              <li key={a.id}>
                <Link
                  href={`/models/${a.modelSlug}/versions/${a.versionNumber}`}
                  className="text-brand-700 hover:underline"
                >
                  {a.modelTitle} v{a.versionNumber}
                </Link>{" "}
                to {a.toStage.toLowerCase()}, approved as {ROLE_LABELS[a.role]} <Ago iso={a.createdAt} />
              </li>
            ))}
          </ul>
        </div>
      )}
      {handoffsToUser.length > 0 && (
        <div>
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">
            Handoffs waiting on {name} — deactivation cancels them
          </h3>
          <ul className="mt-1 space-y-1">
            {handoffsToUser.map((h) => (
              <li key={h.id}>
                <Link href={`/models/${h.modelSlug}#handoffs`} className="text-brand-700 hover:underline">
                  {h.modelSlug}
                </Link>{" "}
                ({DIRECTION_LABELS[h.direction]}) from {h.from.name}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
