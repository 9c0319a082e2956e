"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { ApiError } from "@/lib/client/http";
import { useArchiveModel, useUpdateModel } from "@/lib/client/models";
import type { TModelActions } from "@/lib/domain/rbac/model-access";
import type { TModel } from "@/lib/schemas/models";

/** Register a version, edit the descriptive fields, or retire the model (with a reason). */
export function ModelActions({ model, allowed }: { model: TModel; allowed: TModelActions }) {
  const router = useRouter();
  const [mode, setMode] = useState<"none" | "edit" | "archive">("none");
  const update = useUpdateModel(model.id);
  const archive = useArchiveModel(model.id);
  const err =
    (update.error ?? archive.error) instanceof ApiError ? ((update.error ?? archive.error) as ApiError) : null;
  if (model.archivedAt) return null;
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex gap-2">
        {allowed.register && (
          <Link
            href={`/models/${model.slug}/versions/new`}
            className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700"
          >
            Register a version
          </Link>
        )}
        {allowed.edit && (
          <Button variant="secondary" onClick={() => setMode(mode === "edit" ? "none" : "edit")}>
            Edit details
          </Button>
        )}
        {allowed.archive && (
          <Button variant="secondary" onClick={() => setMode(mode === "archive" ? "none" : "archive")}>
            Archive
          </Button>
        )}
      </div>
      {mode === "edit" && (
        <form
          className="w-[28rem] space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-lg"
          aria-label="Edit model"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const tags = String(f.get("tags") ?? "")
              .split(",")
              .map((t) => t.trim())
              .filter(Boolean);
            update.mutate(
              { title: String(f.get("title")), description: String(f.get("description")), tags },
              {
                onSuccess: () => {
                  setMode("none");
                  router.refresh();
                },
              },
            );
          }}
        >
          <Field label="Title" error={err?.fieldError("title")}>
            <Input name="title" defaultValue={model.title} />
          </Field>
          <Field
            label="Tags"
            hint="Comma-separated"
            error={err?.fieldError("tags") ?? err?.errors.find((x) => x.path.startsWith("tags."))?.message}
          >
            <Input name="tags" defaultValue={model.tags.join(", ")} />
          </Field>
          <Field label="Description (markdown)" error={err?.fieldError("description")}>
            <textarea
              name="description"
              defaultValue={model.description}
              rows={5}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
          </Field>
          {err && !err.errors.length && (
            <p role="alert" className="text-sm text-rose-700">
              {err.message}
            </p>
          )}
          <Button type="submit" disabled={update.isPending}>
            Save
          </Button>
        </form>
      )}
      {mode === "archive" && (
        <form
          className="w-[28rem] space-y-3 rounded-lg border border-rose-200 bg-white p-4 shadow-lg"
          aria-label="Archive model"
          onSubmit={(e) => {
            e.preventDefault();
            archive.mutate(String(new FormData(e.currentTarget).get("reason") ?? ""), {
              onSuccess: () => {
                setMode("none");
                router.refresh();
              },
            });
          }}
        >
          <p className="text-sm text-slate-700">
            Archiving retires every version and cancels pending requests. A model live in production cannot be archived.
          </p>
          <Field label="Reason" error={err?.fieldError("reason")}>
            <Input name="reason" required />
          </Field>
          {err && !err.errors.length && (
            <p role="alert" className="text-sm text-rose-700">
              {err.message}
            </p>
          )}
          <Button type="submit" variant="danger" disabled={archive.isPending}>
            Archive the model
          </Button>
        </form>
      )}
    </div>
  );
}
