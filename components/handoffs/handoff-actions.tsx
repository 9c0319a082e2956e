"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ApiError } from "@/lib/client/http";
import { useAcceptHandoff, useCancelHandoff, useDeclineHandoff } from "@/lib/client/handoffs";

/** Accept or decline (the receiver, a decline needs a reason), or withdraw (the proposer or an admin). */
export function HandoffActions({
  handoffId,
  canDecide,
  canCancel,
}: {
  handoffId: string;
  canDecide: boolean;
  canCancel: boolean;
}) {
  const router = useRouter();
  const accept = useAcceptHandoff();
  const decline = useDeclineHandoff();
  const cancel = useCancelHandoff();
  const [reason, setReason] = useState("");
  const error = [accept.error, decline.error, cancel.error].find((e) => e instanceof ApiError) as ApiError | undefined;
  const busy = accept.isPending || decline.isPending || cancel.isPending;
  const done = () => router.refresh();
  if (!canDecide && !canCancel) return null;
  const reasonId = `decline-reason-${handoffId}`;
  return (
    <div className="space-y-2" data-testid="handoff-actions">
      {canDecide && (
        <div className="space-y-2 rounded-md border border-slate-200 p-3">
          <label className="block text-sm font-medium text-slate-700" htmlFor={reasonId}>
            Reason for declining
          </label>
          <textarea
            id={reasonId}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={2}
            className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            placeholder="Required when declining: what should the proposer fix?"
          />
          {error?.fieldError("reason") && (
            <p role="alert" className="text-xs text-rose-700">
              {error.fieldError("reason")}
            </p>
          )}
          <div className="flex gap-2">
            <Button onClick={() => accept.mutate({ handoffId, input: {} }, { onSuccess: done })} disabled={busy}>
              Accept the handoff
            </Button>
            <Button
              variant="danger"
              onClick={() => decline.mutate({ handoffId, input: { reason } }, { onSuccess: done })}
              disabled={busy}
            >
              Decline
            </Button>
          </div>
        </div>
      )}
      {canCancel && (
        <Button
          variant="secondary"
          size="sm"
          onClick={() =>
            cancel.mutate({ handoffId, input: { reason: "Withdrawn by the proposer" } }, { onSuccess: done })
          }
          disabled={busy}
        >
          Withdraw the handoff
        </Button>
      )}
      {error && !error.fieldError("reason") && (
        <p role="alert" className="text-sm text-rose-700">
          {error.message}
        </p>
      )}
    </div>
  );
}
