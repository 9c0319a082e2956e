"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { ApiError } from "@/lib/client/http";
import { useCreateModel } from "@/lib/client/models";
import type { TCreateModelRequest } from "@/lib/schemas/models";

/** The same schema as POST /api/v1/models validates this form; the API's field errors show under each field. */
export function CreateModelForm({
  teams,
  defaultTeamId,
}: {
  teams: { id: string; name: string }[];
  defaultTeamId: string | null;
}) {
  const router = useRouter();
  const create = useCreateModel();
  const err = create.error instanceof ApiError ? create.error : null;
  const fe = (p: string) => err?.fieldError(p) ?? err?.errors.find((x) => x.path.startsWith(`${p}.`))?.message;
  return (
    <Card>
      <form
        aria-label="Register a model"
        className="grid gap-4 md:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const input: TCreateModelRequest = {
            slug: String(f.get("slug") ?? "").trim(),
            title: String(f.get("title") ?? ""),
            description: String(f.get("description") ?? ""),
            problemType: String(f.get("problemType")) as TCreateModelRequest["problemType"],
            criticality: String(f.get("criticality")) as TCreateModelRequest["criticality"],
            teamId: String(f.get("teamId") ?? "") || undefined,
            tags: String(f.get("tags") ?? "")
              .split(",")
              .map((t) => t.trim())
              .filter(Boolean),
          };
          create.mutate(input, { onSuccess: (m) => router.push(`/models/${m.slug}`) });
        }}
      >
        {err && !err.errors.length && (
          <p role="alert" className="text-sm text-rose-700 md:col-span-2">
            {err.message}
          </p>
        )}
        <Field
          label="Name (slug)"
          hint="Lowercase letters, digits and hyphens, e.g. churn-propensity"
          error={fe("slug")}
        >
          <Input name="slug" required invalid={!!fe("slug")} />
        </Field>
        <Field label="Title" error={fe("title")}>
          <Input name="title" required invalid={!!fe("title")} />
        </Field>
        <Field label="Problem type" error={fe("problemType")}>
          <Select name="problemType" defaultValue="CLASSIFICATION">
            <option value="CLASSIFICATION">Classification</option>
            <option value="REGRESSION">Regression</option>
            <option value="OTHER">Other</option>
          </Select>
        </Field>
        <Field
          label="Criticality"
          hint="Mission-critical models serve customers and face stricter gates."
          error={fe("criticality")}
        >
          <Select name="criticality" defaultValue="INTERNAL">
            <option value="INTERNAL">Internal</option>
            <option value="MISSION_CRITICAL">Mission-critical</option>
          </Select>
        </Field>
        <Field label="Team" error={fe("teamId")}>
          <Select name="teamId" defaultValue={defaultTeamId ?? ""}>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Tags" hint="Comma-separated, e.g. churn, marketing" error={fe("tags")}>
          <Input name="tags" invalid={!!fe("tags")} />
        </Field>
        <div className="md:col-span-2">
          <Field label="Description (markdown)" error={fe("description")}>
            <textarea
              name="description"
              rows={5}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
          </Field>
        </div>
        <div className="md:col-span-2">
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Registering…" : "Register the model"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
