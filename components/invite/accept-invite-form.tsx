"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { ApiError, apiFetch } from "@/lib/client/http";

/** The invited person chooses their password; the link is spent, then they sign in. */
export function AcceptInviteForm({
  token,
  email,
  name,
  expiresAt,
}: {
  token: string;
  email: string;
  name: string;
  expiresAt: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);
  const [mismatch, setMismatch] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const password = String(f.get("password") ?? "");
    if (password !== String(f.get("confirm") ?? "")) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setPending(true);
    setError(null);
    try {
      await apiFetch("/api/v1/invitations/accept", { method: "POST", json: { token, password } });
      router.replace("/login?invited=done");
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "Error", "Could not reach the server.", []));
      setPending(false);
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="space-y-4 rounded-xl bg-white p-6 shadow-xl"
      aria-label="Set your password"
    >
      <div>
        <h1 className="text-lg font-semibold text-slate-900">Welcome, {name}</h1>
        <p className="mt-1 text-sm text-slate-600">
          Choose the password you will sign in with as <span className="font-medium">{email}</span>. This link works
          once, until {new Date(expiresAt).toLocaleString()}.
        </p>
      </div>
      {error && !error.errors.length && (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {error.message}
        </p>
      )}
      <Field label="Password" hint="At least 12 characters." error={error?.fieldError("password")}>
        <Input
          name="password"
          type="password"
          autoComplete="new-password"
          required
          invalid={!!error?.fieldError("password")}
        />
      </Field>
      <Field label="Repeat the password" error={mismatch ? "The two passwords differ." : undefined}>
        <Input name="confirm" type="password" autoComplete="new-password" required invalid={mismatch} />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Saving…" : "Set password"}
      </Button>
    </form>
  );
}
