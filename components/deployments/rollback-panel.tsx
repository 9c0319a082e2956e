"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Ago } from "@/components/ui/time";
import { useRollbackProduction } from "@/lib/client/deployments";
import { ApiError } from "@/lib/client/http";
import type { TRollbackPlan } from "@/lib/schemas/deployments";

/**
 * Confirming a rollback: names the live version and the target, says why the target was chosen, and asks
 * for the reason. The request carries both versions, so if production changed meanwhile it is refused
 * rather than rolling back something nobody looked at.
 */
export function RollbackPanel({ modelId, plan, onDone }: { modelId: string; plan: TRollbackPlan; onDone: () => void }) {
  const router = useRouter();
  const rollback = useRollbackProduction(modelId);
  const err = rollback.error instanceof ApiError ? rollback.error : null;
  const { live, target } = plan;
  // Opened only when the plan has both (deployment-actions.tsx disables the button otherwise).
  if (!live || !target) return null;
  return (
    <form
      aria-label="Roll back production"
      className="space-y-3 rounded-md border border-rose-200 bg-rose-50/50 p-3"
      data-testid="rollback-panel"
      onSubmit={(e) => {
        e.preventDefault();
        const reason = String(new FormData(e.currentTarget).get("reason") ?? "");
        rollback.mutate(
          { reason, environment: plan.environment, fromVersionId: live.version.id, toVersionId: target.version.id },
          {
            onSuccess: () => {
              onDone();
              router.refresh();
            },
          },
        );
      }}
    >
      <p className="text-sm text-slate-800">
        {plan.environment} runs <strong>v{live.version.number}</strong> (since <Ago iso={live.deployedAt} />
        ). Rolling back returns it to <strong>v{target.version.number}</strong>, the last version healthy there (
        {target.why}
        {target.endedAt ? (
          <>
            , replaced <Ago iso={target.endedAt} />
          </>
        ) : null}
        ). v{live.version.number} will be marked rolled back and archived.
      </p>
      <Field
        label="Reason for the rollback"
        error={err?.fieldError("reason")}
        hint="Required. Kept in the audit log and sent with the deployment.rolled_back webhook."
      >
        <textarea
          name="reason"
          rows={2}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
      </Field>
      {err && !err.errors.length && (
        <p role="alert" className="text-sm text-rose-700">
          {err.message}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" size="sm" variant="danger" disabled={rollback.isPending}>
          Roll back to v{target.version.number}
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
