import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CriticalityBadge, StageBadge } from "@/components/ui/labels";
import { Ago } from "@/components/ui/time";
import type { TPromotionRequest } from "@/lib/schemas/promotions";

const days = (iso: string) => Math.floor((Date.now() - new Date(iso).getTime()) / 86_400_000);

function RequestRow({ r, showRequester }: { r: TPromotionRequest; showRequester: boolean }) {
  const missing = r.gate?.requirements.filter((x) => !x.met) ?? [];
  return (
    <tr data-testid={`request-${r.modelSlug}-v${r.versionNumber}`}>
      <td className="py-2 pr-4">
        <Link
          href={`/models/${r.modelSlug}/versions/${r.versionNumber}`}
          className="font-medium text-brand-700 hover:underline"
        >
          {r.modelTitle} v{r.versionNumber}
        </Link>
        <div className="font-mono text-xs text-slate-500">{r.modelSlug}</div>
      </td>
      <td className="py-2 pr-4">
        <span className="flex items-center gap-1">
          <StageBadge stage={r.fromStage} /> → <StageBadge stage={r.toStage} />
        </span>
      </td>
      <td className="py-2 pr-4">
        <CriticalityBadge criticality={r.criticality} />
      </td>
      {showRequester && <td className="py-2 pr-4">{r.requester.name}</td>}
      <td className="py-2 pr-4 tabular-nums">
        {r.status === "PENDING" ? (
          <span className={days(r.createdAt) >= 5 ? "font-medium text-rose-700" : ""}>{days(r.createdAt)} d</span>
        ) : (
          <Ago iso={r.decidedAt ?? r.createdAt} />
        )}
      </td>
      <td className="py-2 text-xs">
        {r.status === "PENDING" ? (
          missing.length ? (
            <span className="text-amber-800">Missing: {missing.map((m) => m.label).join("; ")}</span>
          ) : (
            <span className="text-emerald-700">Gate open</span>
          )
        ) : (
          <Badge tone={r.status === "APPLIED" ? "green" : r.status === "REJECTED" ? "red" : "slate"}>
            {r.status.toLowerCase()}
            {r.resolution ? `: ${r.resolution}` : ""}
          </Badge>
        )}
      </td>
    </tr>
  );
}

function RequestTable({
  items,
  showRequester,
  testId,
}: {
  items: TPromotionRequest[];
  showRequester: boolean;
  testId: string;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-2 pr-4 font-medium">Version</th>
            <th className="py-2 pr-4 font-medium">Move</th>
            <th className="py-2 pr-4 font-medium">Criticality</th>
            {showRequester && <th className="py-2 pr-4 font-medium">Requested by</th>}
            <th className="py-2 pr-4 font-medium">Age</th>
            <th className="py-2 font-medium">Gate</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((r) => (
            <RequestRow key={r.id} r={r} showRequester={showRequester} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PromotionsInbox({ queue, mine }: { queue: TPromotionRequest[] | null; mine: TPromotionRequest[] }) {
  return (
    <div className="space-y-6">
      {queue && (
        <Card
          title="Waiting on you"
          description="Pending requests whose gate still needs one of your roles, oldest first. Open one to approve or reject it."
        >
          {queue.length === 0 ? (
            <p className="text-sm text-slate-600">Nothing waits on you.</p>
          ) : (
            <RequestTable items={queue} showRequester testId="approval-queue" />
          )}
        </Card>
      )}
      <Card title="Your requests" description="Promotions you asked for and how they ended.">
        {mine.length === 0 ? (
          <p className="text-sm text-slate-600">You have not requested any promotion.</p>
        ) : (
          <RequestTable items={mine} showRequester={false} testId="my-requests" />
        )}
      </Card>
    </div>
  );
}
