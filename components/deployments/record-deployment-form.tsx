"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { useRecordDeployment } from "@/lib/client/deployments";
import { ApiError } from "@/lib/client/http";
import { STAGE_LABELS, type TStage } from "@/lib/domain/lifecycle/stages";

type Props = {
  modelId: string;
  environments: { id: string; name: string; isProduction: boolean }[];
  versions: { id: string; number: number; stage: string }[];
  onDone: () => void;
};

/** Records that a version now runs in an environment (what CI does with POST …/deployments). */
export function RecordDeploymentForm({ modelId, environments, versions, onDone }: Props) {
  const router = useRouter();
  const record = useRecordDeployment(modelId);
  const err = record.error instanceof ApiError ? record.error : null;
  return (
    <form
      aria-label="Record a deployment"
      className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        record.mutate(
          {
            versionId: String(f.get("versionId")),
            environment: String(f.get("environment")),
            reason: String(f.get("reason") ?? ""),
          },
          {
            onSuccess: () => {
              onDone();
              router.refresh();
            },
          },
        );
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Environment" error={err?.fieldError("environment")}>
          <Select name="environment" defaultValue={environments.find((e) => e.isProduction)?.name}>
            {environments.map((e) => (
              <option key={e.id} value={e.name}>
                {e.name}
                {e.isProduction ? " (production)" : ""}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Version" error={err?.fieldError("versionId")}>
          <Select name="versionId">
            {versions.map((v) => (
              <option key={v.id} value={v.id}>
                v{v.number} — {STAGE_LABELS[v.stage as TStage] ?? v.stage}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field label="Reason or change ticket" hint="Optional, e.g. CHG-1234." error={err?.fieldError("reason")}>
        <Input name="reason" />
      </Field>
      {err && !err.errors.length && (
        <p role="alert" className="text-sm text-rose-700">
          {err.message}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={record.isPending}>
          Record deployment
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
