"use client";

import { useState, type FormEvent } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from "@/lib/client/api-tokens";
import { ApiError } from "@/lib/client/http";
import { useUsers } from "@/lib/client/users";
import { tokenStatus, type TTokenStatus } from "@/lib/domain/api-tokens/token-status";
import { scopesAllowedForRoles } from "@/lib/domain/api-tokens/allowed-scopes";
import { TOKEN_SCOPES, type TTokenScope } from "@/lib/domain/rbac/permissions";
import type { TApiToken, TCreateApiTokenResponse } from "@/lib/schemas/api-tokens";

const SCOPE_HELP: Record<TTokenScope, string> = {
  read: "Read models, versions, alerts and the audit log",
  write: "Register versions, request promotions, approve, deploy, roll back",
  ingest: "Send monitoring metrics and check results",
  admin: "Manage tokens, policies, webhooks and ownership (never users: that needs a signed-in administrator)",
};

const STATUS: Record<TTokenStatus, { label: string; tone: BadgeTone }> = {
  ACTIVE: { label: "Active", tone: "green" },
  EXPIRED: { label: "Expired", tone: "amber" },
  REVOKED: { label: "Revoked", tone: "red" },
};

// UTC and fixed format: the server render and the browser's hydration must print the same text.
const formatUtc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

type TCurrentUser = { id: string; name: string; allowedScopes: TTokenScope[] };
type TFormOptions = {
  currentUser: TCurrentUser;
  isAdmin: boolean;
  maxDays: number;
  defaultDays: number;
  preset: "mlflow" | null;
};

export function ApiTokensAdmin({ initialTokens, ...options }: { initialTokens: TApiToken[] } & TFormOptions) {
  const tokens = useApiTokens(initialTokens);
  const create = useCreateApiToken();
  return (
    <div className="space-y-6">
      {create.data ? (
        <NewTokenPanel created={create.data} onDone={() => create.reset()} />
      ) : (
        <CreateTokenForm create={create} {...options} />
      )}
      <Card
        title={options.isAdmin ? "Tokens" : "Your tokens"}
        description="A token can never do more than the roles of the user it acts as. Revoked and expired tokens answer 401 at once."
      >
        <TokensTable tokens={tokens.data ?? []} />
      </Card>
    </div>
  );
}

function CreateTokenForm({
  create,
  currentUser,
  isAdmin,
  maxDays,
  defaultDays,
  preset,
}: { create: ReturnType<typeof useCreateApiToken> } & TFormOptions) {
  // Only administrators may pick another user (and only they may list users).
  const users = useUsers(undefined, { enabled: isAdmin });
  const [scopes, setScopes] = useState<TTokenScope[]>(preset === "mlflow" ? ["read", "write"] : ["read"]);
  const [open, setOpen] = useState(preset !== null);
  const [userId, setUserId] = useState("");
  const err = create.error instanceof ApiError ? create.error : null;
  const others = isAdmin ? (users.data ?? []).filter((u) => u.active && u.id !== currentUser.id) : [];
  const chosen = others.find((u) => u.id === userId);
  // The scopes offered are the ones within the roles of the user the token will act as.
  const allowed = chosen ? scopesAllowedForRoles(chosen.roles) : currentUser.allowedScopes;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const days = String(f.get("expiresInDays") ?? "").trim();
    create.mutate(
      {
        name: String(f.get("name")),
        scopes: scopes.filter((s) => allowed.includes(s)),
        ...(userId ? { userId } : {}),
        ...(days ? { expiresInDays: Number(days) } : {}),
      },
      { onSuccess: () => setOpen(false) },
    );
  }

  if (!open) return <Button onClick={() => setOpen(true)}>Create a token</Button>;
  return (
    <Card
      title="Create an API token"
      description="One token per pipeline, notebook or model server, so each can be revoked on its own."
    >
      <form onSubmit={onSubmit} className="grid gap-4 md:grid-cols-3" aria-label="Create an API token">
        {err && !err.errors.length && (
          <p className="text-sm text-rose-700 md:col-span-3" role="alert">
            {err.message}
          </p>
        )}
        <Field
          label="Name"
          hint="What uses it, e.g. fraud-scoring CI or my MLflow notebook."
          error={err?.fieldError("name")}
        >
          <Input
            name="name"
            required
            maxLength={80}
            defaultValue={preset === "mlflow" ? "MLflow client" : undefined}
            invalid={!!err?.fieldError("name")}
          />
        </Field>
        {isAdmin ? (
          <Field label="Acts as" hint="Its rights never exceed this user's roles." error={err?.fieldError("userId")}>
            <Select
              name="userId"
              value={userId}
              onChange={(e) => setUserId(e.target.value)}
              invalid={!!err?.fieldError("userId")}
            >
              <option value="">Me ({currentUser.name})</option>
              {others.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} — {u.email}
                </option>
              ))}
            </Select>
          </Field>
        ) : (
          <Field label="Acts as" hint="Tokens you create act as you, within your roles.">
            <Input value={currentUser.name} readOnly disabled />
          </Field>
        )}
        <Field label="Expires in (days)" hint={`From 1 to ${maxDays} days.`} error={err?.fieldError("expiresInDays")}>
          <Input
            name="expiresInDays"
            type="number"
            required
            min={1}
            max={maxDays}
            step={1}
            defaultValue={defaultDays}
            invalid={!!err?.fieldError("expiresInDays")}
          />
        </Field>
        <fieldset className="md:col-span-3">
          <legend className="text-sm font-medium text-slate-700">Scopes</legend>
          <div className="mt-1 grid gap-2 sm:grid-cols-2">
            {TOKEN_SCOPES.map((s) => {
              const ok = allowed.includes(s);
              return (
                <label
                  key={s}
                  className={`flex items-start gap-2 rounded-md border border-slate-200 px-3 py-2 text-sm ${ok ? "" : "bg-slate-50 text-slate-400"}`}
                >
                  <input
                    type="checkbox"
                    className="mt-0.5"
                    disabled={!ok}
                    checked={ok && scopes.includes(s)}
                    onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
                  />
                  <span>
                    <span className="font-mono font-medium">{s}</span>
                    <span className="block text-xs text-slate-500">
                      {ok ? SCOPE_HELP[s] : "Above the roles of the user it acts as."}
                    </span>
                  </span>
                </label>
              );
            })}
          </div>
          {err?.fieldError("scopes") && (
            <p className="mt-1 text-xs text-rose-700" role="alert">
              {err.fieldError("scopes")}
            </p>
          )}
        </fieldset>
        <div className="flex gap-2 md:col-span-3">
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create token"}
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

function NewTokenPanel({ created, onDone }: { created: TCreateApiTokenResponse; onDone: () => void }) {
  const [copied, setCopied] = useState<"yes" | "manual" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied("yes");
    } catch {
      // No clipboard API outside secure contexts (plain http on a non-localhost host): let the person copy by hand.
      (document.getElementById("new-api-token") as HTMLInputElement | null)?.select();
      setCopied("manual");
    }
  }

  return (
    <section
      className="rounded-lg border border-amber-300 bg-amber-50 p-4 shadow-sm"
      role="status"
      data-testid="new-token-panel"
    >
      <h2 className="text-sm font-semibold text-amber-900">Token “{created.name}” created</h2>
      <p className="mt-1 text-sm text-amber-900">
        Copy it now: <strong>it will not be shown again.</strong> Modelgate keeps only its hash; if it is lost, revoke
        it and create another.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <input
          id="new-api-token"
          readOnly
          value={created.token}
          aria-label="New API token"
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
          The browser blocked the clipboard: the token is selected, press Ctrl+C (⌘C).
        </p>
      )}
      <p className="mt-3 text-xs text-amber-900">
        Use it as <code className="rounded bg-white/70 px-1 font-mono">Authorization: Bearer {created.prefix}…</code>.
        Scopes: {created.scopes.join(", ")}; acts as {created.user.name}
        {created.expiresAt ? `; expires ${formatUtc(created.expiresAt)} UTC.` : "; never expires."}
      </p>
    </section>
  );
}

function TokensTable({ tokens }: { tokens: TApiToken[] }) {
  const revoke = useRevokeApiToken();
  const now = new Date();
  if (tokens.length === 0) {
    return (
      <p className="text-sm text-slate-500">
        No API tokens yet. Create one for each CI pipeline or model server that calls the Modelgate API.
      </p>
    );
  }
  const revokeError = revoke.error instanceof Error ? revoke.error.message : null;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="tokens-table">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-2 pr-4 font-medium">Name</th>
            <th className="py-2 pr-4 font-medium">Scopes</th>
            <th className="py-2 pr-4 font-medium">Acts as</th>
            <th className="py-2 pr-4 font-medium whitespace-nowrap">Created (UTC)</th>
            <th className="py-2 pr-4 font-medium whitespace-nowrap">Last used</th>
            <th className="py-2 pr-4 font-medium">Expires</th>
            <th className="py-2 pr-4 font-medium">Status</th>
            <th className="py-2" />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {tokens.map((t) => {
            const status = tokenStatus(t, now);
            return (
              <tr
                key={t.id}
                data-testid={`token-row-${t.name}`}
                className={status === "ACTIVE" ? undefined : "text-slate-500"}
              >
                <td className="py-2 pr-4">
                  <div className="max-w-[16rem] truncate font-medium" title={t.name}>
                    {t.name}
                  </div>
                  <div className="font-mono text-xs text-slate-500">{t.prefix}…</div>
                </td>
                <td className="py-2 pr-4">
                  <div className="flex flex-wrap gap-1">
                    {t.scopes.map((s) => (
                      <Badge key={s} tone="blue">
                        {s}
                      </Badge>
                    ))}
                  </div>
                </td>
                <td className="py-2 pr-4">
                  <div className="whitespace-nowrap">{t.user.name}</div>
                  <div className="text-xs text-slate-500">{t.user.email}</div>
                </td>
                <td className="py-2 pr-4 text-xs whitespace-nowrap tabular-nums">{formatUtc(t.createdAt)}</td>
                <td className="py-2 pr-4 text-xs whitespace-nowrap tabular-nums">
                  {t.lastUsedAt ? formatUtc(t.lastUsedAt) : "Never"}
                </td>
                <td className="py-2 pr-4 text-xs whitespace-nowrap tabular-nums">
                  {t.expiresAt ? formatUtc(t.expiresAt) : "Never"}
                </td>
                <td className="py-2 pr-4">
                  <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>
                </td>
                <td className="py-2 text-right">
                  {status !== "REVOKED" && (
                    <Button
                      size="sm"
                      variant="secondary"
                      disabled={revoke.isPending && revoke.variables === t.id}
                      onClick={() => {
                        if (confirm(`Revoke “${t.name}”? Every request using it will be refused from now on.`))
                          revoke.mutate(t.id);
                      }}
                    >
                      Revoke
                    </Button>
                  )}
                  {revokeError && revoke.variables === t.id && (
                    <p className="mt-1 text-xs text-rose-700" role="alert">
                      {revokeError}
                    </p>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
