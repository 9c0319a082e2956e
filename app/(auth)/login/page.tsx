import type { Metadata } from "next";
import { LoginForm } from "@/components/auth/login-form";
import { isOidcEnabled } from "@/lib/server/auth/auth-options";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const sp = await searchParams;
  const oidcName = isOidcEnabled() ? getEnv().OIDC_NAME : null;
  return (
    <div className="grid min-h-full place-items-center bg-slate-900 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-white">
          <span className="grid size-9 place-items-center rounded-lg bg-brand-500 text-lg font-bold">M</span>
          <span className="text-2xl font-semibold tracking-tight">Modelgate</span>
        </div>
        <LoginForm callbackUrl={safeCallback(sp.callbackUrl)} initialError={sp.error} oidcName={oidcName} />
      </div>
    </div>
  );
}

// Only same-site paths: an open redirect after sign-in would hand sessions to phishing pages.
function safeCallback(url: string | undefined): string {
  return url && url.startsWith("/") && !url.startsWith("//") ? url : "/overview";
}
