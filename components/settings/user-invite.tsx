"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ApiError } from "@/lib/client/http";
import { useReissueInvite } from "@/lib/client/users";
import type { TInviteUserResponse, TUser } from "@/lib/schemas/users";
import { SudoPrompt } from "./sudo-prompt";

/** The one-time link, shown once (only its hash is stored), with a copy button. */
export function InviteLinkNotice({ invite }: { invite: TInviteUserResponse }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(invite.inviteUrl);
      setCopied("yes");
    } catch {
      setCopied("failed"); // clipboard refused (http, permissions): the field is selectable
    }
  }
  return (
    <div
      role="status"
      className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900"
      data-testid="invite-link"
    >
      <p>
        Send this link to <span className="font-medium">{invite.user.email}</span> through a safe channel. It is shown
        only now, works once, and expires {new Date(invite.expiresAt).toLocaleString()}.
      </p>
      <div className="mt-2 flex gap-2">
        <input
          readOnly
          value={invite.inviteUrl}
          aria-label="Invitation link"
          className="min-w-0 flex-1 rounded-md border border-emerald-300 bg-white px-2 py-1 font-mono text-xs"
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button type="button" size="sm" variant="secondary" onClick={copy}>
          {copied === "yes" ? "Copied" : "Copy link"}
        </Button>
      </div>
      {copied === "failed" && (
        <p className="mt-1 text-xs">The browser refused to copy: select the link and copy it by hand.</p>
      )}
    </div>
  );
}

/** Status of a user who has not set a password from their link yet. */
export function InvitationBadge({ user }: { user: TUser }) {
  if (!user.invitation) return null;
  return user.invitation.expired ? <Badge tone="red">Invitation expired</Badge> : <Badge tone="amber">Invited</Badge>;
}

/** Users who never set a password can get a new link (the older one stops working). */
export function canReissueInvite(user: TUser): boolean {
  return !!user.invitation || (!user.active && !user.lastLoginAt);
}

export function ReissueInvite({ user }: { user: TUser }) {
  const reissue = useReissueInvite();
  const err = reissue.error instanceof ApiError ? reissue.error : null;
  return (
    <div className="mt-2 space-y-2">
      <Button size="sm" variant="secondary" onClick={() => reissue.mutate(user.id)} disabled={reissue.isPending}>
        New invitation link
      </Button>
      {err?.sudoRequired ? (
        <SudoPrompt message={err.message} onConfirmed={() => reissue.mutate(user.id)} />
      ) : err ? (
        <p className="text-xs text-rose-700" role="alert">
          {err.message}
        </p>
      ) : null}
      {reissue.data && <InviteLinkNotice invite={reissue.data} />}
    </div>
  );
}
