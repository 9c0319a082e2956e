"use client";

import { useState, type FormEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { ApiError } from "@/lib/client/http";
import {
  useCreateWebhook,
  useDeleteWebhook,
  useRotateWebhookSecret,
  useSendTestEvent,
  useUpdateWebhook,
  useWebhooks,
} from "@/lib/client/webhooks";
import { retrySchedule, MAX_ATTEMPTS } from "@/lib/domain/webhooks/backoff";
import { ALL_EVENTS, EVENT_DESCRIPTIONS, SUBSCRIBABLE_EVENT_TYPES } from "@/lib/domain/webhooks/event-types";
import type { TCreateWebhookRequest, TWebhook, TWebhookWithSecret } from "@/lib/schemas/webhooks";
import { WebhookDeliveries } from "./webhook-deliveries";

type TSubscription = TCreateWebhookRequest["events"][number];

const formatUtc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
const formatDelay = (ms: number) =>
  ms < 180_000
    ? `${ms / 1000} s`
    : ms < 3_600_000
      ? `${+(ms / 60_000).toFixed(1)} min`
      : `${+(ms / 3_600_000).toFixed(1)} h`;

/** Settings → Webhooks: subscriptions, their one-time secrets, test events and every delivery with its attempts. */
export function WebhooksAdmin({ initialWebhooks }: { initialWebhooks: TWebhook[] }) {
  const webhooks = useWebhooks(initialWebhooks);
  const create = useCreateWebhook();
  const rotate = useRotateWebhookSecret();
  const secret = create.data ?? rotate.data;
  const items = webhooks.data ?? [];
  return (
    <div className="space-y-6">
      {secret ? (
        <SecretPanel
          hook={secret}
          rotated={!create.data}
          onDone={() => (create.data ? create.reset() : rotate.reset())}
        />
      ) : (
        <CreateWebhookForm create={create} />
      )}
      {items.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-500">
            No webhooks yet. Add one to have Modelgate POST signed events (stage changes, approvals, handoffs, alerts…)
            to your CI/CD pipeline or chat bridge.
          </p>
        </Card>
      ) : (
        items.map((w) => (
          <WebhookCard
            key={w.id}
            hook={w}
            onRotate={() => rotate.mutate(w.id)}
            rotating={rotate.isPending && rotate.variables === w.id}
          />
        ))
      )}
      <RetryPolicy />
    </div>
  );
}

function CreateWebhookForm({ create }: { create: ReturnType<typeof useCreateWebhook> }) {
  const [open, setOpen] = useState(false);
  const [events, setEvents] = useState<TSubscription[]>([ALL_EVENTS]);
  const err = create.error instanceof ApiError ? create.error : null;
  const all = events.includes(ALL_EVENTS);
  const toggle = (t: TSubscription, on: boolean) =>
    setEvents(on ? [...events.filter((e) => e !== ALL_EVENTS), t] : events.filter((e) => e !== t));

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate(
      { url: String(f.get("url")).trim(), description: String(f.get("description") ?? ""), events },
      { onSuccess: () => setOpen(false) },
    );
  }

  if (!open) return <Button onClick={() => setOpen(true)}>Add a webhook</Button>;
  return (
    <Card
      title="Add a webhook"
      description="Modelgate POSTs each event as JSON, signed with the webhook's secret, and retries until the receiver answers 2xx."
    >
      <form onSubmit={onSubmit} className="grid gap-4 md:grid-cols-2" aria-label="Add a webhook">
        {err && !err.errors.length && (
          <p className="text-sm text-rose-700 md:col-span-2" role="alert">
            {err.message}
          </p>
        )}
        <Field label="Payload URL" hint="http(s); redirects are not followed." error={err?.fieldError("url")}>
          <Input
            name="url"
            type="url"
            required
            maxLength={2048}
            placeholder="https://ci.example.com/hooks/modelgate"
            invalid={!!err?.fieldError("url")}
          />
        </Field>
        <Field label="Description" hint="What receives these events." error={err?.fieldError("description")}>
          <Input
            name="description"
            maxLength={500}
            placeholder="Retraining pipeline"
            invalid={!!err?.fieldError("description")}
          />
        </Field>
        <fieldset className="md:col-span-2">
          <legend className="text-sm font-medium text-slate-700">Events</legend>
          <label className="mt-1 flex items-start gap-2 rounded-md border border-slate-200 px-3 py-2 text-sm">
            <input
              type="checkbox"
              className="mt-0.5"
              checked={all}
              onChange={(e) => setEvents(e.target.checked ? [ALL_EVENTS] : [])}
            />
            <span>
              <span className="font-medium">Every event</span>
              <span className="block text-xs text-slate-500">Including event types added in later versions.</span>
            </span>
          </label>
          <div className="mt-2 grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
            {SUBSCRIBABLE_EVENT_TYPES.map((t) => (
              <label key={t} className="flex items-start gap-2 rounded-md border border-slate-200 px-3 py-2 text-sm">
                <input
                  type="checkbox"
                  className="mt-0.5"
                  checked={all || events.includes(t)}
                  disabled={all}
                  onChange={(e) => toggle(t, e.target.checked)}
                />
                <span>
                  <span className="font-mono text-xs font-medium">{t}</span>
                  <span className="block text-xs text-slate-500">{EVENT_DESCRIPTIONS[t]}</span>
                </span>
              </label>
            ))}
          </div>
          {err?.errors.some((x) => x.path.startsWith("events")) && (
            <p className="mt-1 text-xs text-rose-700" role="alert">
              {err.errors.find((x) => x.path.startsWith("events"))!.message}
            </p>
          )}
        </fieldset>
        <div className="flex gap-2 md:col-span-2">
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Adding…" : "Add webhook"}
          </Button>
          <Button
            type="button"
            variant="ghost"
            onClick={() => {
              create.reset();
              setOpen(false);
            }}
          >
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}

function SecretPanel({ hook, rotated, onDone }: { hook: TWebhookWithSecret; rotated: boolean; onDone: () => void }) {
  const [copied, setCopied] = useState<"yes" | "manual" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(hook.secret);
      setCopied("yes");
    } catch {
      // No clipboard API outside secure contexts: select it for a manual copy.
      (document.getElementById("new-webhook-secret") as HTMLInputElement | null)?.select();
      setCopied("manual");
    }
  }
  return (
    <section
      className="rounded-lg border border-amber-300 bg-amber-50 p-4 shadow-sm"
      role="status"
      data-testid="webhook-secret-panel"
    >
      <h2 className="text-sm font-semibold text-amber-900">
        {rotated ? "New signing secret" : "Webhook added"} for <span className="font-mono">{hook.url}</span>
      </h2>
      <p className="mt-1 text-sm text-amber-900">
        Copy the signing secret now: <strong>it will not be shown again.</strong>{" "}
        {rotated
          ? "Every request from now on is signed with it; requests your receiver refuses meanwhile are retried."
          : "Your receiver uses it to check the Modelgate-Signature header."}
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <input
          id="new-webhook-secret"
          readOnly
          value={hook.secret}
          aria-label="Signing secret"
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-amber-300 bg-white px-3 py-2 font-mono text-sm text-slate-900"
        />
        <Button onClick={copy}>{copied === "yes" ? "Copied" : "Copy"}</Button>
        <Button variant="secondary" onClick={onDone}>
          I have stored it
        </Button>
      </div>
      {copied === "manual" && (
        <p className="mt-1 text-xs text-amber-900">
          The browser blocked the clipboard: the secret is selected, press Ctrl+C (⌘C).
        </p>
      )}
      <p className="mt-3 text-xs text-amber-900">
        Verification snippets for Node.js and Python are in docs/WEBHOOKS.md.
      </p>
    </section>
  );
}

function WebhookCard({ hook, onRotate, rotating }: { hook: TWebhook; onRotate: () => void; rotating: boolean }) {
  const update = useUpdateWebhook();
  const remove = useDeleteWebhook();
  const test = useSendTestEvent();
  const [showDeliveries, setShowDeliveries] = useState(false);
  const error = [update.error, remove.error, test.error].find((e) => e instanceof Error);
  const status = hook.active ? (
    <Badge tone="green">Active</Badge>
  ) : (
    <Badge tone={hook.disabledReason ? "red" : "slate"}>
      {hook.disabledReason ? "Disabled by Modelgate" : "Inactive"}
    </Badge>
  );
  return (
    <Card
      title={
        <span className="flex flex-wrap items-center gap-2">
          <span className="max-w-[36rem] truncate font-mono" title={hook.url}>
            {hook.url}
          </span>
          {status}
        </span>
      }
      description={hook.description || undefined}
      actions={
        <div className="flex flex-wrap justify-end gap-2">
          <Button
            size="sm"
            variant="secondary"
            disabled={!hook.active || test.isPending}
            onClick={() => {
              test.mutate(hook.id);
              setShowDeliveries(true);
            }}
          >
            {test.isPending ? "Sending…" : "Send test event"}
          </Button>
          <Button
            size="sm"
            variant="secondary"
            disabled={update.isPending}
            onClick={() => update.mutate({ webhookId: hook.id, input: { active: !hook.active } })}
          >
            {hook.active ? "Deactivate" : "Activate"}
          </Button>
          <Button
            size="sm"
            variant="secondary"
            disabled={rotating}
            onClick={() => {
              if (
                confirm(
                  "Replace the signing secret? Requests are signed with the new one at once; update your receiver.",
                )
              )
                onRotate();
            }}
          >
            Rotate secret
          </Button>
          <Button
            size="sm"
            variant="danger"
            disabled={remove.isPending}
            onClick={() => {
              if (confirm(`Delete the webhook to ${hook.url}? Its delivery history goes with it.`))
                remove.mutate(hook.id);
            }}
          >
            Delete
          </Button>
        </div>
      }
    >
      <div className="flex flex-wrap items-center gap-1">
        {hook.events.map((e) => (
          <Badge key={e} tone="blue" className="font-mono">
            {e === ALL_EVENTS ? "every event" : e}
          </Badge>
        ))}
      </div>
      {hook.disabledReason && (
        <p className="mt-2 text-sm text-rose-700">{hook.disabledReason} Activate it once the receiver is back.</p>
      )}
      {error && (
        <p className="mt-2 text-sm text-rose-700" role="alert">
          {error.message}
        </p>
      )}
      <div className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-500">
        <span>
          <strong className="tabular-nums text-slate-700">{hook.deliveryCounts.succeeded}</strong> delivered
        </span>
        <span>
          <strong className="tabular-nums text-slate-700">{hook.deliveryCounts.pending}</strong> pending
        </span>
        <span>
          <strong className={hook.deliveryCounts.failed ? "tabular-nums text-rose-700" : "tabular-nums text-slate-700"}>
            {hook.deliveryCounts.failed}
          </strong>{" "}
          failed
        </span>
        <span>
          created {formatUtc(hook.createdAt)} UTC
          {hook.secretRotatedAt && ` · secret rotated ${formatUtc(hook.secretRotatedAt)} UTC`}
        </span>
        <Button
          size="sm"
          variant="ghost"
          aria-expanded={showDeliveries}
          onClick={() => setShowDeliveries(!showDeliveries)}
        >
          {showDeliveries ? "Hide deliveries" : "Show deliveries"}
        </Button>
      </div>
      {showDeliveries && (
        <div className="mt-3 border-t border-slate-100 pt-3">
          <WebhookDeliveries webhookId={hook.id} active={hook.active} />
        </div>
      )}
    </Card>
  );
}

function RetryPolicy() {
  return (
    <details className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm shadow-sm">
      <summary className="cursor-pointer font-medium text-slate-700">How deliveries are retried</summary>
      <p className="mt-2 text-slate-600">
        Any answer other than 2xx, a timeout (10 s) or a network error is retried, up to {MAX_ATTEMPTS} attempts; 410
        Gone deactivates the webhook at once. Each retry waits a random delay within:
      </p>
      <ol className="mt-2 grid gap-1 text-xs text-slate-600 sm:grid-cols-2">
        {retrySchedule().map((r) => (
          <li key={r.afterAttempt}>
            after attempt {r.afterAttempt}: {formatDelay(r.minMs)} – {formatDelay(r.maxMs)}
          </li>
        ))}
      </ol>
      <p className="mt-2 text-xs text-slate-500">
        Delivery is at least once: deduplicate on the Modelgate-Event header. A failed delivery can be redelivered from
        its row.
      </p>
    </details>
  );
}
