"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { ApiError } from "@/lib/client/http";
import { useProposeHandoff } from "@/lib/client/handoffs";
import { CHECKLIST_ITEMS, DIRECTION_LABELS, type THandoffDirection } from "@/lib/domain/handoffs/handoff";
import type { TProposeOption } from "@/lib/server/handoffs/get-model-handoffs";

/** Direction, receiver, note and the six checklist answers; the API names any missing answer by field. */
export function ProposeHandoffForm({
  modelId,
  options,
  initialDirection,
  onDone,
}: {
  modelId: string;
  options: TProposeOption[];
  initialDirection: THandoffDirection;
  onDone: () => void;
}) {
  const router = useRouter();
  const propose = useProposeHandoff(modelId);
  const [direction, setDirection] = useState<THandoffDirection>(initialDirection);
  const err = propose.error instanceof ApiError ? propose.error : null;
  const option = options.find((o) => o.direction === direction)!;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const checklist = Object.fromEntries(CHECKLIST_ITEMS.map((i) => [i.key, String(f.get(i.key) ?? "")]));
    propose.mutate(
      { direction, toUserId: String(f.get("toUserId") ?? ""), message: String(f.get("message") ?? ""), checklist },
      {
        onSuccess: () => {
          onDone();
          router.refresh();
        },
      },
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label="Propose a handoff" noValidate>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Direction" error={err?.fieldError("direction")}>
          <Select
            name="direction"
            value={direction}
            onChange={(e) => setDirection(e.target.value as THandoffDirection)}
          >
            {options
              .filter((o) => o.allowed)
              .map((o) => (
                <option key={o.direction} value={o.direction}>
                  {DIRECTION_LABELS[o.direction]}
                </option>
              ))}
          </Select>
        </Field>
        <Field
          label="Receiver"
          error={err?.fieldError("toUserId")}
          hint={direction === "DS_TO_IT" ? "Becomes the IT owner." : "Becomes the data-science owner."}
        >
          <Select name="toUserId" key={direction} defaultValue="" invalid={!!err?.fieldError("toUserId")}>
            <option value="" disabled>
              Choose…
            </option>
            {option.candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <fieldset className="grid gap-3 sm:grid-cols-2">
        <legend className="mb-1 text-sm font-medium text-slate-700">Checklist — every item must be answered</legend>
        {CHECKLIST_ITEMS.map((item) => {
          const error = err?.fieldError(`checklist.${item.key}`);
          return (
            <Field key={item.key} label={item.label} hint={item.hint} error={error}>
              {item.key === "runbook" ? (
                <Input name={item.key} type="url" placeholder="https://" invalid={!!error} />
              ) : (
                <textarea
                  name={item.key}
                  rows={2}
                  aria-invalid={!!error || undefined}
                  className={`mt-1 block w-full rounded-md border px-3 py-2 text-sm ${error ? "border-rose-400" : "border-slate-300"}`}
                />
              )}
            </Field>
          );
        })}
      </fieldset>
      <Field label="Your note" error={err?.fieldError("message")}>
        <Input name="message" />
      </Field>
      {err && !err.errors.length && (
        <p role="alert" className="text-sm text-rose-700">
          {err.message}
        </p>
      )}
      {err && err.errors.length > 0 && (
        <p role="alert" className="text-sm text-rose-700">
          {err.message} See the fields marked above.
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" disabled={propose.isPending}>
          {propose.isPending ? "Sending…" : "Send the handoff"}
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
