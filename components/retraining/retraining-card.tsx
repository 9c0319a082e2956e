"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { StageBadge } from "@/components/ui/labels";
import { Ago } from "@/components/ui/time";
import { ApiError } from "@/lib/client/http";
import { useUpdateRetrainingRequest } from "@/lib/client/retraining";
import type { TStage } from "@/lib/domain/lifecycle/stages";
import type { TRetrainingStatus } from "@/lib/domain/retraining/retraining";
import type { TRetrainingRequest } from "@/lib/schemas/retraining";

const TONE: Record<TRetrainingStatus, BadgeTone> = {
  OPEN: "red",
  IN_PROGRESS: "amber",
  DONE: "green",
  CANCELLED: "slate",
};
const LABEL: Record<TRetrainingStatus, string> = {
  OPEN: "Open",
  IN_PROGRESS: "In progress",
  DONE: "Done",
  CANCELLED: "Cancelled",
};

type Evidence = { rule?: { name?: string; summary?: string }; message?: string };

/**
 * Retraining requests of the model: what opened each (the rule and its sustained violation), who retrains,
 * and the version registered for it — whose UAT gate compares it with the champion before it may replace it.
 */
export function RetrainingCard({
  modelSlug,
  requests,
  assignees,
  canManage,
}: {
  modelSlug: string;
  requests: TRetrainingRequest[];
  assignees: { id: string; name: string }[];
  canManage: boolean;
}) {
  return (
    <Card
      title="Retraining"
      description="Opened when a rule marked retrain stays violated; the next version registered is linked, and its UAT gate's champion/challenger check decides whether it may replace the champion."
    >
      {requests.length === 0 ? (
        <p className="text-sm text-slate-600">
          No retraining request. One opens automatically on sustained drift or decay of a rule marked retrain.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="retraining-card">
          {requests.map((r) => (
            <RequestRow key={r.id} r={r} modelSlug={modelSlug} assignees={assignees} canManage={canManage} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function RequestRow({
  r,
  modelSlug,
  assignees,
  canManage,
}: {
  r: TRetrainingRequest;
  modelSlug: string;
  assignees: { id: string; name: string }[];
  canManage: boolean;
}) {
  const router = useRouter();
  const update = useUpdateRetrainingRequest();
  const err = update.error instanceof ApiError ? update.error : null;
  const evidence = r.evidence as Evidence;
  const active = r.status === "OPEN" || r.status === "IN_PROGRESS";
  const change = (input: Parameters<typeof update.mutate>[0]["input"]) =>
    update.mutate({ retrainingId: r.id, input }, { onSuccess: () => router.refresh() });
  return (
    <li className="space-y-1.5 py-2">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={TONE[r.status]}>{LABEL[r.status]}</Badge>
        <span className="font-medium text-slate-900">{evidence.rule?.name ?? "Retraining"}</span>
        <span className="text-xs text-slate-500">
          opened <Ago iso={r.createdAt} />
        </span>
      </div>
      {evidence.message && <p className="text-xs text-slate-700">{evidence.message}</p>}
      <p className="text-xs text-slate-600">
        {r.assignee ? `Assigned to ${r.assignee.name}` : "Unassigned"}
        {r.linkedVersion ? (
          <>
            {" "}
            · candidate{" "}
            <Link
              href={`/models/${modelSlug}/versions/${r.linkedVersion.number}`}
              className="font-mono text-brand-700 hover:underline"
            >
              v{r.linkedVersion.number}
            </Link>{" "}
            <StageBadge stage={r.linkedVersion.stage as TStage} />
          </>
        ) : (
          " · no version registered for it yet"
        )}
      </p>
      {canManage && active && (
        <div className="flex flex-wrap items-center gap-2">
          <select
            aria-label="Assign to"
            defaultValue={r.assignee?.id ?? ""}
            disabled={update.isPending}
            onChange={(e) => change({ assigneeId: e.target.value || null })}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs"
          >
            <option value="">Unassigned</option>
            {assignees.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          <Button size="sm" variant="secondary" disabled={update.isPending} onClick={() => change({ status: "DONE" })}>
            Mark done
          </Button>
          <Button size="sm" variant="ghost" disabled={update.isPending} onClick={() => change({ status: "CANCELLED" })}>
            Cancel request
          </Button>
          {err && (
            <span role="alert" className="text-xs text-rose-700">
              {err.message}
            </span>
          )}
        </div>
      )}
    </li>
  );
}
