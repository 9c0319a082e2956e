"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { ApiError } from "@/lib/client/http";
import { useConfirmSudo } from "@/lib/client/users";

/**
 * Asked when the server answers `sudoRequired`: the administrator re-enters their own password, then the
 * change they were making is sent again (`onConfirmed`). Sudo mode lasts 10 minutes in this session.
 */
export function SudoPrompt({ message, onConfirmed }: { message: string; onConfirmed: () => void }) {
  const confirm = useConfirmSudo();
  const [password, setPassword] = useState("");
  const err = confirm.error instanceof ApiError ? confirm.error : null;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    e.stopPropagation();
    confirm.mutate(password, {
      onSuccess: () => {
        setPassword("");
        onConfirmed();
      },
    });
  }

  return (
    <form
      onSubmit={onSubmit}
      className="rounded-md border border-amber-300 bg-amber-50 p-3 text-left text-sm"
      aria-label="Confirm your password"
      data-testid="sudo-prompt"
    >
      <p className="text-amber-900">{message}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <input
          type="password"
          aria-label="Your password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          className="w-56 rounded-md border border-slate-300 px-2 py-1 text-sm"
          required
        />
        <Button size="sm" type="submit" disabled={confirm.isPending}>
          {confirm.isPending ? "Checking…" : "Confirm"}
        </Button>
      </div>
      {err && (
        <p className="mt-1 text-xs text-rose-700" role="alert">
          {err.fieldError("password") ?? err.message}
        </p>
      )}
    </form>
  );
}
