import type { Metadata } from "next";
import { LoginForm } from "@/components/auth/login-form";
import { isOidcEnabled } from "@/lib/server/auth/auth-options";
import { redirect } from "next/navigation";
import { getEnv } from "@/lib/env";
import { isSetupPending } from "@/lib/server/setup/first-admin";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string; setup?: string; invited?: string }>;
}) {
  if (await isSetupPending()) redirect("/setup");
  const sp = await searchParams;
  const oidcName = isOidcEnabled() ? getEnv().OIDC_NAME : null;
  return (
    <div className="grid min-h-full place-items-center bg-slate-900 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-white">
          <span className="grid size-9 place-items-center rounded-lg bg-brand-500 text-lg font-bold">M</span>
          <span className="text-2xl font-semibold tracking-tight">Modelgate</span>
        </div>
        {sp.setup === "done" && (
          <p
            role="status"
            className="mb-4 rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
          >
            Your administrator account is ready. Sign in with it to invite your team.
          </p>
        )}
        {sp.invited === "done" && (
          <p
            role="status"
            className="mb-4 rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
          >
            Your password is set. Sign in with your email and the password you chose.
          </p>
        )}
        <LoginForm callbackUrl={safeCallback(sp.callbackUrl)} initialError={sp.error} oidcName={oidcName} />
      </div>
    </div>
  );
}

// Only same-site paths: an open redirect after sign-in would hand sessions to phishing pages.
function safeCallback(url: string | undefined): string {
  return url && url.startsWith("/") && !url.startsWith("//") ? url : "/overview";
}
