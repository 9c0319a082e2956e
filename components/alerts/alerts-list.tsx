"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Ago } from "@/components/ui/time";
import { useAcknowledgeAlert } from "@/lib/client/alerts";
import { ApiError } from "@/lib/client/http";
import { KIND_LABELS } from "@/lib/domain/alerts/alert-rules";
import type { TAlert } from "@/lib/schemas/alerts";
import { AlertStatusBadge, SeverityBadge } from "./alert-badges";

/** The alerts, newest first; open ones can be acknowledged inline by whoever may (`canAcknowledge`). */
export function AlertsList({ items, canAcknowledge }: { items: TAlert[]; canAcknowledge: boolean }) {
  return (
    <ul
      className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm"
      data-testid="alerts-list"
    >
      {items.map((a) => (
        <AlertRow key={a.id} alert={a} canAcknowledge={canAcknowledge} />
      ))}
    </ul>
  );
}

function AlertRow({ alert: a, canAcknowledge }: { alert: TAlert; canAcknowledge: boolean }) {
  const [open, setOpen] = useState(false);
  const monitoring = a.version
    ? `/models/${a.model.slug}/versions/${a.version.number}/monitoring`
    : `/models/${a.model.slug}`;
  return (
    <li className="space-y-2 px-4 py-3" data-testid={`alert-${a.model.slug}`} data-alert-id={a.id}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <SeverityBadge severity={a.severity} />
            <AlertStatusBadge status={a.status} />
            <span className="font-medium text-slate-900">{a.rule.name}</span>
            <span className="text-xs text-slate-500">
              {KIND_LABELS[a.rule.kind]}
              {a.rule.retrain ? " · retrain" : ""}
            </span>
          </div>
          <p className="text-sm text-slate-700">{a.message}</p>
          <p className="text-xs text-slate-500">
            <Link href={`/models/${a.model.slug}`} className="font-mono text-brand-700 hover:underline">
              {a.model.slug}
            </Link>
            {a.version && (
              <>
                {" "}
                ·{" "}
                <Link href={monitoring} className="text-brand-700 hover:underline">
                  v{a.version.number} monitoring
                </Link>
              </>
            )}
            {" · opened "}
            <Ago iso={a.openedAt} />
            {a.resolvedAt && (
              <>
                {" · resolved "}
                <Ago iso={a.resolvedAt} />
              </>
            )}
          </p>
          {a.acknowledgedBy && (
            <p className="text-xs text-slate-600" data-testid="ack-note">
              Acknowledged by {a.acknowledgedBy.name}
              {a.acknowledgedAt ? (
                <>
                  , <Ago iso={a.acknowledgedAt} />
                </>
              ) : null}
              : “{a.ackNote}”
            </p>
          )}
          {a.resolution && <p className="text-xs text-emerald-700">{a.resolution}</p>}
        </div>
        {canAcknowledge && a.status === "OPEN" && !open && (
          <Button size="sm" variant="secondary" onClick={() => setOpen(true)}>
            Acknowledge
          </Button>
        )}
      </div>
      {open && <AcknowledgeForm alertId={a.id} onDone={() => setOpen(false)} />}
    </li>
  );
}

function AcknowledgeForm({ alertId, onDone }: { alertId: string; onDone: () => void }) {
  const router = useRouter();
  const ack = useAcknowledgeAlert();
  const err = ack.error instanceof ApiError ? ack.error : null;
  return (
    <form
      aria-label="Acknowledge alert"
      className="flex flex-wrap items-end gap-2 rounded-md bg-slate-50 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        const note = String(new FormData(e.currentTarget).get("note") ?? "");
        ack.mutate(
          { alertId, input: { note } },
          {
            onSuccess: () => {
              onDone();
              router.refresh();
            },
          },
        );
      }}
    >
      <div className="min-w-72 flex-1">
        <Field
          label="Acknowledgement note"
          error={err?.fieldError("note") ?? (err && !err.errors.length ? err.message : undefined)}
          hint="What you are doing about it; shown to everyone and kept in the audit log."
        >
          <textarea
            name="note"
            rows={2}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
        </Field>
      </div>
      <Button type="submit" size="sm" disabled={ack.isPending}>
        Save acknowledgement
      </Button>
      <Button type="button" size="sm" variant="ghost" onClick={onDone}>
        Cancel
      </Button>
    </form>
  );
}
