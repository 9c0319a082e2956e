"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { ApiError, apiFetch } from "@/lib/client/http";

/** Creates the first administrator, then sends them to sign in. */
export function SetupForm() {
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
      await apiFetch("/api/setup", {
        method: "POST",
        json: { name: String(f.get("name") ?? ""), email: String(f.get("email") ?? ""), password },
      });
      router.replace("/login?setup=done");
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "Error", "Could not reach the server.", []));
      setPending(false);
    }
  }

  const already = error && (error.status === 409 || error.status === 404);
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="space-y-4 rounded-xl bg-white p-6 shadow-xl"
      aria-label="Create the first administrator"
    >
      <div>
        <h1 className="text-lg font-semibold text-slate-900">Create the first administrator</h1>
        <p className="mt-1 text-sm text-slate-600">
          This database has no accounts yet. The administrator you create here invites everyone else from Settings →
          Users. This page disappears once the account exists.
        </p>
      </div>
      {error && !error.errors.length && (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {already ? (
            <>
              Modelgate is already set up.{" "}
              <a href="/login" className="font-medium underline">
                Sign in
              </a>
            </>
          ) : (
            error.message
          )}
        </p>
      )}
      <Field label="Name" error={error?.fieldError("name")}>
        <Input name="name" autoComplete="name" required maxLength={120} invalid={!!error?.fieldError("name")} />
      </Field>
      <Field label="Email" hint="You sign in with it." error={error?.fieldError("email")}>
        <Input
          name="email"
          type="email"
          autoComplete="username"
          required
          maxLength={254}
          invalid={!!error?.fieldError("email")}
        />
      </Field>
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
        {pending ? "Creating…" : "Create administrator"}
      </Button>
    </form>
  );
}
