"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";

const ERROR_TEXT: Record<string, string> = {
  AccessDenied: "Your identity-provider account is not linked to an active Modelgate user.",
  NoAccount:
    "Your identity-provider account is not linked to a Modelgate user. Ask an administrator to create your account.",
  Deactivated: "This account has been deactivated. Ask an administrator to reactivate it.",
  NoMappedGroup:
    "Your identity-provider account is in no group that Modelgate maps to a role, so no account was created. Ask your administrator to add you to a Modelgate group at the identity provider.",
  NoEmail: "The identity provider did not send a verified email address, which Modelgate needs to identify you.",
  OAuthSignin: "Could not reach the identity provider.",
  SessionRequired: "Sign in to continue.",
};

export function LoginForm({
  callbackUrl,
  initialError,
  oidcName,
}: {
  callbackUrl: string;
  initialError?: string;
  oidcName: string | null;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError ? (ERROR_TEXT[initialError] ?? initialError) : null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (!res || res.error) {
      setError(res?.error && res.error !== "CredentialsSignin" ? res.error : "Wrong email or password.");
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-xl bg-white p-6 shadow-xl" aria-label="Sign in">
      <h1 className="text-lg font-semibold text-slate-900">Sign in</h1>
      {error && (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {error}
        </p>
      )}
      <label className="block text-sm">
        <span className="font-medium text-slate-700">Email</span>
        <input
          name="email"
          type="email"
          autoComplete="username"
          required
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-brand-500 focus:outline-none"
        />
      </label>
      <label className="block text-sm">
        <span className="font-medium text-slate-700">Password</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-brand-500 focus:outline-none"
        />
      </label>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      {oidcName && (
        <Button type="button" variant="secondary" className="w-full" onClick={() => signIn("oidc", { callbackUrl })}>
          Continue with {oidcName}
        </Button>
      )}
    </form>
  );
}
