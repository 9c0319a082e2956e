"use client";

import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Ago } from "@/components/ui/time";
import { DIRECTION_LABELS } from "@/lib/domain/handoffs/handoff";
import type { TModelHandoffs } from "@/lib/server/handoffs/get-model-handoffs";
import { HandoffActions } from "./handoff-actions";
import { HandoffChecklist, HandoffHeadline, HandoffStatusBadge } from "./handoff-summary";
import { ProposeHandoffForm } from "./propose-handoff-form";

/**
 * The model page's Handoffs card: the waiting handoff (accept/decline for its receiver, withdraw for its
 * proposer), a propose form for the owners, and past handoffs. `?handoff=IT_TO_DS` opens the form with
 * that direction chosen (the users admin links here to reassign a departing person's models).
 */
export function ModelHandoffs({ modelId, data }: { modelId: string; data: TModelHandoffs }) {
  const asked = useSearchParams().get("handoff");
  const allowed = data.propose.filter((o) => o.allowed);
  const preferred = allowed.find((o) => o.direction === asked) ?? allowed[0];
  const [open, setOpen] = useState(!!asked && !!preferred);
  const { pending } = data;
  return (
    <div id="handoffs" className="scroll-mt-6">
      <Card
        title="Handoffs"
        description="Ownership moves between data science and IT through a handoff with a checklist; only the receiver accepts."
        actions={
          !pending && preferred && !open ? (
            <Button size="sm" onClick={() => setOpen(true)}>
              Propose a handoff
            </Button>
          ) : undefined
        }
      >
        <div className="space-y-4" data-testid="handoffs-card">
          {pending ? (
            <div
              className="space-y-3 rounded-md border border-amber-200 bg-amber-50/50 p-3"
              data-testid="pending-handoff"
            >
              <div className="flex flex-wrap items-center gap-2">
                <HandoffStatusBadge status={pending.status} />
                <HandoffHeadline h={pending} />
              </div>
              {pending.message && <p className="text-sm text-slate-700">“{pending.message}”</p>}
              <HandoffChecklist checklist={pending.checklist} />
              <HandoffActions handoffId={pending.id} canDecide={data.canDecide} canCancel={data.canCancel} />
            </div>
          ) : open && preferred ? (
            <ProposeHandoffForm
              modelId={modelId}
              options={data.propose}
              initialDirection={preferred.direction}
              onDone={() => setOpen(false)}
            />
          ) : (
            <p className="text-sm text-slate-600">
              No handoff waiting. {allowed.length === 0 && data.propose.find((o) => o.reason)?.reason}
            </p>
          )}
          {data.history.length > 0 && (
            <ol
              className="space-y-1 border-t border-slate-100 pt-3 text-sm"
              aria-label="Past handoffs"
              data-testid="handoff-history"
            >
              {data.history.map((h) => (
                <li key={h.id} className="flex flex-wrap items-baseline gap-x-2">
                  <HandoffStatusBadge status={h.status} />
                  <span>
                    {DIRECTION_LABELS[h.direction]}: {h.from.name} → {h.to.name}
                  </span>
                  <span className="text-xs text-slate-500">
                    <Ago iso={h.decidedAt ?? h.proposedAt} />
                  </span>
                  {h.reason && <span className="text-xs text-slate-600">— {h.reason}</span>}
                </li>
              ))}
            </ol>
          )}
        </div>
      </Card>
    </div>
  );
}
