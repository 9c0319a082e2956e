"use client";

import { Fragment, useState } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useDeliveries, useRedeliver } from "@/lib/client/webhooks";
import type { TWebhookDelivery } from "@/lib/schemas/webhooks";

const STATUS: Record<TWebhookDelivery["status"], { label: string; tone: BadgeTone }> = {
  PENDING: { label: "Pending", tone: "amber" },
  SUCCEEDED: { label: "Delivered", tone: "green" },
  FAILED: { label: "Failed", tone: "red" },
};

// UTC and fixed format, as on the other settings pages.
const formatUtc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;

function codeTone(code: number | null): BadgeTone {
  if (code === null) return "red";
  return code >= 200 && code < 300 ? "green" : code >= 500 ? "red" : "amber";
}

function StatusCode({ code }: { code: number | null }) {
  return <Badge tone={codeTone(code)}>{code ?? "no answer"}</Badge>;
}

/** One webhook's deliveries, newest first; a row opens to show each attempt's status code, duration and error. */
export function WebhookDeliveries({ webhookId, active }: { webhookId: string; active: boolean }) {
  const deliveries = useDeliveries(webhookId, true);
  const redeliver = useRedeliver();
  const [open, setOpen] = useState<string | null>(null);
  const items = deliveries.data?.pages.flatMap((p) => p.items) ?? [];

  if (deliveries.isPending) return <p className="text-sm text-slate-500">Loading deliveries…</p>;
  if (deliveries.isError)
    return (
      <p className="text-sm text-rose-700" role="alert">
        Could not load the deliveries: {deliveries.error.message}
      </p>
    );
  if (items.length === 0) {
    return (
      <p className="text-sm text-slate-500">
        No deliveries yet. Events this webhook subscribes to will appear here; “Send test event” queues one now.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid={`deliveries-${webhookId}`}>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-2 pr-4 font-medium">Event</th>
            <th className="py-2 pr-4 font-medium">Status</th>
            <th className="py-2 pr-4 font-medium">Attempts</th>
            <th className="py-2 pr-4 font-medium whitespace-nowrap">Last answer</th>
            <th className="py-2 pr-4 font-medium whitespace-nowrap">Next attempt / done (UTC)</th>
            <th className="py-2" />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((d) => {
            const isOpen = open === d.id;
            return (
              <Fragment key={d.id}>
                <tr className="align-top">
                  <td className="py-2 pr-4">
                    <button
                      type="button"
                      className="text-left"
                      aria-expanded={isOpen}
                      onClick={() => setOpen(isOpen ? null : d.id)}
                    >
                      <span className="mr-1 inline-block w-3 text-slate-400" aria-hidden>
                        {isOpen ? "▾" : "▸"}
                      </span>
                      <span className="font-mono text-xs font-medium text-slate-900">{d.eventType}</span>
                      <span
                        className="block pl-4 font-mono text-[11px] text-slate-500"
                        title="Modelgate-Event: receivers deduplicate on it"
                      >
                        {d.eventId}
                      </span>
                    </button>
                  </td>
                  <td className="py-2 pr-4">
                    <Badge tone={STATUS[d.status].tone}>{STATUS[d.status].label}</Badge>
                  </td>
                  <td
                    className="py-2 pr-4 tabular-nums"
                    title={`${d.attempts} in total; ${d.attemptsInCycle} of ${d.maxAttempts} in this cycle`}
                  >
                    {d.attemptsInCycle}/{d.maxAttempts}
                    {d.attempts > d.attemptsInCycle && (
                      <span className="text-xs text-slate-500"> ({d.attempts} total)</span>
                    )}
                  </td>
                  <td className="py-2 pr-4">
                    {d.attempts === 0 ? (
                      <span className="text-xs text-slate-500">—</span>
                    ) : (
                      <StatusCode code={d.lastStatusCode} />
                    )}
                    {d.lastError && (
                      <div className="mt-0.5 max-w-[22rem] truncate text-xs text-slate-500" title={d.lastError}>
                        {d.lastError}
                      </div>
                    )}
                  </td>
                  <td className="py-2 pr-4 text-xs whitespace-nowrap tabular-nums">
                    {d.nextAttemptAt
                      ? `next ${formatUtc(d.nextAttemptAt)}`
                      : d.completedAt
                        ? formatUtc(d.completedAt)
                        : "—"}
                  </td>
                  <td className="py-2 text-right">
                    {d.status !== "PENDING" && (
                      <Button
                        size="sm"
                        variant="secondary"
                        disabled={!active || (redeliver.isPending && redeliver.variables === d.id)}
                        title={
                          active
                            ? "Send this event again, with a new cycle of retries"
                            : "Activate the webhook to redeliver"
                        }
                        onClick={() => redeliver.mutate(d.id)}
                      >
                        Redeliver
                      </Button>
                    )}
                    {redeliver.error && redeliver.variables === d.id && (
                      <p className="mt-1 text-xs text-rose-700" role="alert">
                        {redeliver.error.message}
                      </p>
                    )}
                  </td>
                </tr>
                {isOpen && (
                  <tr>
                    <td colSpan={6} className="bg-slate-50 px-4 py-2">
                      <AttemptLog delivery={d} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      {deliveries.hasNextPage && (
        <div className="mt-3">
          <Button
            size="sm"
            variant="secondary"
            disabled={deliveries.isFetchingNextPage}
            onClick={() => deliveries.fetchNextPage()}
          >
            {deliveries.isFetchingNextPage ? "Loading…" : "Older deliveries"}
          </Button>
        </div>
      )}
    </div>
  );
}

function AttemptLog({ delivery }: { delivery: TWebhookDelivery }) {
  if (delivery.attemptLog.length === 0)
    return (
      <p className="text-xs text-slate-500">
        Not attempted yet{delivery.nextAttemptAt ? `: due ${formatUtc(delivery.nextAttemptAt)} UTC` : ""}.
      </p>
    );
  return (
    <table className="w-full text-left text-xs" aria-label={`Attempts of delivery ${delivery.id}`}>
      <thead className="text-slate-500">
        <tr>
          <th className="py-1 pr-4 font-medium">#</th>
          <th className="py-1 pr-4 font-medium">At (UTC)</th>
          <th className="py-1 pr-4 font-medium">Status code</th>
          <th className="py-1 pr-4 font-medium">Duration</th>
          <th className="py-1 font-medium">Error</th>
        </tr>
      </thead>
      <tbody>
        {delivery.attemptLog.map((a) => (
          <tr key={a.attemptNo}>
            <td className="py-1 pr-4 tabular-nums">{a.attemptNo}</td>
            <td className="py-1 pr-4 whitespace-nowrap tabular-nums">{formatUtc(a.createdAt)}</td>
            <td className="py-1 pr-4">
              <StatusCode code={a.statusCode} />
            </td>
            <td className="py-1 pr-4 tabular-nums">{a.durationMs.toLocaleString("en-US")} ms</td>
            <td className="py-1 break-all text-slate-600">{a.error ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
