"use client";

import { signOut } from "next-auth/react";
import { useRevokeSessions } from "@/lib/client/users";

/** Sign out of this browser, or of every browser at once ("sign out everywhere": ends all of your sessions). */
export function SignOutButton({ userId }: { userId: string }) {
  const revoke = useRevokeSessions();
  const cls = "text-xs font-medium text-slate-300 underline-offset-2 hover:text-white hover:underline";
  return (
    <div className="mt-3 flex flex-wrap gap-x-3 gap-y-1">
      <button type="button" onClick={() => signOut({ callbackUrl: "/login" })} className={cls}>
        Sign out
      </button>
      <button
        type="button"
        disabled={revoke.isPending}
        onClick={() => revoke.mutate(userId, { onSettled: () => signOut({ callbackUrl: "/login" }) })}
        className={cls}
      >
        Sign out everywhere
      </button>
    </div>
  );
}
