import type { Metadata } from "next";
import { AcceptInviteForm } from "@/components/invite/accept-invite-form";
import { INVITE_STATE_MESSAGES } from "@/lib/domain/users/invite-state";
import { getUserInvite } from "@/lib/server/users/get-user-invite";

export const metadata: Metadata = { title: "Set your password", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

// Public: the token in the path is the credential (one use, 72 hours). A dead link says why, never a 500.
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await getUserInvite(token); // base64url: nothing to decode; anything else is "unknown"
  return (
    <div className="grid min-h-full place-items-center bg-slate-900 px-4 py-8">
      <div className="w-full max-w-md">
        <div className="mb-6 flex items-center justify-center gap-2 text-white">
          <span className="grid size-9 place-items-center rounded-lg bg-brand-500 text-lg font-bold">M</span>
          <span className="text-2xl font-semibold tracking-tight">Modelgate</span>
        </div>
        {invite.state === "open" ? (
          <AcceptInviteForm token={token} email={invite.email} name={invite.name} expiresAt={invite.expiresAt} />
        ) : (
          <div className="space-y-3 rounded-xl bg-white p-6 shadow-xl" data-testid={`invite-${invite.state}`}>
            <h1 className="text-lg font-semibold text-slate-900">This link cannot be used</h1>
            <p role="alert" className="text-sm text-slate-700">
              {INVITE_STATE_MESSAGES[invite.state]}
            </p>
            <a href="/login" className="text-sm font-medium text-brand-700 underline">
              Go to sign-in
            </a>
          </div>
        )}
      </div>
    </div>
  );
}
