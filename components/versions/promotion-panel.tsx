"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { StageBadge } from "@/components/ui/labels";
import { ApiError } from "@/lib/client/http";
import { useCancelTransition, useDecideTransition, useRequestTransition } from "@/lib/client/models";
import { nextStage, type TStage } from "@/lib/domain/lifecycle/stages";
import { ROLE_LABELS } from "@/lib/domain/rbac/permissions";
import type { TPromotionRequest } from "@/lib/schemas/promotions";

type Props = {
  versionId: string;
  stage: TStage;
  pending: TPromotionRequest | null;
  canWrite: boolean;
  canDecide: boolean;
  actorId: string;
  isAdmin: boolean;
};

/** Ask for the next stage, withdraw a request, or — for reviewers — approve or reject it with a comment. */
export function PromotionPanel({ versionId, stage, pending, canWrite, canDecide, actorId, isAdmin }: Props) {
  const router = useRouter();
  const request = useRequestTransition(versionId);
  const cancel = useCancelTransition();
  const decide = useDecideTransition();
  const [comment, setComment] = useState("");
  const [justification, setJustification] = useState("");
  const error = [request.error, cancel.error, decide.error].find((e) => e instanceof ApiError) as ApiError | undefined;
  const done = () => router.refresh();
  const next = nextStage(stage);

  if (pending) {
    return (
      <div className="space-y-3" data-testid="promotion-panel">
        <p className="text-sm">
          Request to move to <StageBadge stage={pending.toStage} /> by <strong>{pending.requester.name}</strong>
          {pending.justification && <span className="block text-slate-600">“{pending.justification}”</span>}
        </p>
        {pending.approvals.length > 0 && (
          <ul className="text-xs text-slate-600">
            {pending.approvals.map((a) => (
              <li key={a.id}>
                {a.decision === "APPROVE" ? "Approved" : "Rejected"} by {a.approver.name} as{" "}
                {ROLE_LABELS[a.role].toLowerCase()}
                {a.comment ? ` — “${a.comment}”` : ""}
              </li>
            ))}
          </ul>
        )}
        {canDecide && (
          <div className="space-y-2 rounded-md border border-slate-200 p-3">
            <label className="block text-sm font-medium text-slate-700" htmlFor="decision-comment">
              Your review comment
            </label>
            <textarea
              id="decision-comment"
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              rows={2}
              className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
              placeholder="Required when rejecting"
            />
            {error?.fieldError("comment") && (
              <p role="alert" className="text-xs text-rose-700">
                {error.fieldError("comment")}
              </p>
            )}
            <div className="flex gap-2">
              <Button
                onClick={() =>
                  decide.mutate({ requestId: pending.id, input: { decision: "APPROVE", comment } }, { onSuccess: done })
                }
                disabled={decide.isPending}
              >
                Approve
              </Button>
              <Button
                variant="danger"
                onClick={() =>
                  decide.mutate({ requestId: pending.id, input: { decision: "REJECT", comment } }, { onSuccess: done })
                }
                disabled={decide.isPending}
              >
                Reject
              </Button>
            </div>
          </div>
        )}
        {(pending.requester.id === actorId || isAdmin) && (
          <Button
            variant="secondary"
            size="sm"
            onClick={() =>
              cancel.mutate({ requestId: pending.id, reason: "Withdrawn by the requester" }, { onSuccess: done })
            }
            disabled={cancel.isPending}
          >
            Withdraw the request
          </Button>
        )}
        {error && !error.fieldError("comment") && (
          <p role="alert" className="text-sm text-rose-700">
            {error.message}
          </p>
        )}
      </div>
    );
  }
  if (!canWrite || !next)
    return (
      <p className="text-sm text-slate-600" data-testid="promotion-panel">
        {next
          ? "Only the model's team, its owners and IT operations can request a promotion."
          : "This version is at the end of the lifecycle."}
      </p>
    );
  return (
    <form
      className="space-y-2"
      data-testid="promotion-panel"
      onSubmit={(e) => {
        e.preventDefault();
        request.mutate({ toStage: next, justification }, { onSuccess: done });
      }}
    >
      <label className="block text-sm font-medium text-slate-700" htmlFor="justification">
        Why is it ready for {next.toLowerCase()}?
      </label>
      <textarea
        id="justification"
        value={justification}
        onChange={(e) => setJustification(e.target.value)}
        rows={2}
        className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
      />
      <Button type="submit" disabled={request.isPending}>
        Request promotion to {next.charAt(0) + next.slice(1).toLowerCase()}
      </Button>
      {error && (
        <p role="alert" className="text-sm text-rose-700">
          {error.message}
        </p>
      )}
    </form>
  );
}
