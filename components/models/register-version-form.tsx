"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { ApiError } from "@/lib/client/http";
import { useRegisterVersion } from "@/lib/client/models";
import type { TFeature } from "@/lib/schemas/models";

type FeatureRow = {
  name: string;
  type: "numeric" | "categorical";
  categories: string;
  min: string;
  max: string;
  nullable: boolean;
};
type MetricRow = { name: string; value: string };

const emptyFeature = (): FeatureRow => ({
  name: "",
  type: "numeric",
  categories: "",
  min: "",
  max: "",
  nullable: false,
});

function toFeature(r: FeatureRow): TFeature {
  const f: TFeature = { name: r.name.trim(), type: r.type, nullable: r.nullable };
  if (r.type === "categorical" && r.categories.trim())
    f.categories = r.categories
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean);
  if (r.type === "numeric" && r.min !== "") f.min = Number(r.min);
  if (r.type === "numeric" && r.max !== "") f.max = Number(r.max);
  return f;
}

/** Same validation as POST /api/v1/models/{id}/versions: the API's zod schema answers, per field. */
export function RegisterVersionForm({ modelId, slug }: { modelId: string; slug: string }) {
  const router = useRouter();
  const register = useRegisterVersion(modelId);
  const [features, setFeatures] = useState<FeatureRow[]>([emptyFeature()]);
  const [metrics, setMetrics] = useState<MetricRow[]>([{ name: "auc", value: "" }]);
  const [paramsError, setParamsError] = useState<string | null>(null);
  const err = register.error instanceof ApiError ? register.error : null;
  const fe = (p: string) => err?.fieldError(p);
  const anyUnder = (p: string) =>
    err?.errors.filter((x) => x.path === p || x.path.startsWith(`${p}.`)).map((x) => `${x.path}: ${x.message}`);

  function submit(form: HTMLFormElement) {
    const f = new FormData(form);
    let parameters: Record<string, unknown> = {};
    const rawParams = String(f.get("parameters") ?? "").trim();
    if (rawParams) {
      try {
        parameters = JSON.parse(rawParams) as Record<string, unknown>;
        setParamsError(null);
      } catch {
        setParamsError('Parameters must be a JSON object, e.g. {"max_depth": 6}.');
        return;
      }
    }
    const metricEntries = metrics
      .filter((m) => m.name.trim())
      .map((m) => [m.name.trim(), m.value === "" ? Number.NaN : Number(m.value)] as const);
    register.mutate(
      {
        artifactUri: String(f.get("artifactUri") ?? ""),
        framework: String(f.get("framework") ?? ""),
        gitCommit: String(f.get("gitCommit") ?? ""),
        trainingDataset: String(f.get("trainingDataset") ?? ""),
        description: String(f.get("description") ?? ""),
        parameters: parameters as Record<string, never>,
        // NaN is sent as null so the API names the metric that is not a number.
        metrics: Object.fromEntries(
          metricEntries.map(([k, v]) => [k, Number.isFinite(v) ? v : (null as unknown as number)]),
        ),
        featureSchema: features.filter((r) => r.name.trim()).map(toFeature),
      },
      { onSuccess: (v) => router.push(`/models/${slug}/versions/${v.number}`) },
    );
  }

  const cell = "rounded-md border border-slate-300 px-2 py-1 text-sm";
  return (
    <Card>
      <form
        aria-label="Register a version"
        className="space-y-6"
        onSubmit={(e) => {
          e.preventDefault();
          submit(e.currentTarget);
        }}
      >
        {err && (
          <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {err.message}
          </p>
        )}
        <div className="grid gap-4 md:grid-cols-2">
          <Field label="Artifact URI" hint="s3://…, gs://…, runs:/<run>/model" error={fe("artifactUri")}>
            <Input name="artifactUri" required invalid={!!fe("artifactUri")} />
          </Field>
          <Field label="Framework" error={fe("framework")}>
            <Input name="framework" placeholder="xgboost 2.0" />
          </Field>
          <Field label="Git commit" error={fe("gitCommit")}>
            <Input name="gitCommit" placeholder="7–40 hex characters" invalid={!!fe("gitCommit")} />
          </Field>
          <Field label="Training dataset" error={fe("trainingDataset")}>
            <Input name="trainingDataset" placeholder="s3://lake/train.parquet" />
          </Field>
          <Field label="Parameters (JSON)" error={paramsError ?? fe("parameters")}>
            <textarea
              name="parameters"
              rows={3}
              placeholder='{"max_depth": 6, "eta": 0.1}'
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs"
            />
          </Field>
          <Field label="Description" error={fe("description")}>
            <textarea
              name="description"
              rows={3}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
          </Field>
        </div>

        <fieldset>
          <legend className="text-sm font-semibold text-slate-800">Evaluation metrics</legend>
          <div className="mt-2 space-y-2">
            {metrics.map((m, i) => (
              <div key={i} className="flex gap-2">
                <input
                  aria-label={`Metric ${i + 1} name`}
                  value={m.name}
                  onChange={(e) => setMetrics(metrics.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))}
                  className={`${cell} w-48`}
                  placeholder="auc"
                />
                <input
                  aria-label={`Metric ${i + 1} value`}
                  value={m.value}
                  onChange={(e) => setMetrics(metrics.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))}
                  className={`${cell} w-32`}
                  placeholder="0.84"
                  inputMode="decimal"
                />
                <Button
                  type="button"
                  size="sm"
                  variant="ghost"
                  onClick={() => setMetrics(metrics.filter((_, j) => j !== i))}
                >
                  Remove
                </Button>
              </div>
            ))}
          </div>
          <Button
            type="button"
            size="sm"
            variant="secondary"
            className="mt-2"
            onClick={() => setMetrics([...metrics, { name: "", value: "" }])}
          >
            Add a metric
          </Button>
          {anyUnder("metrics")?.map((m) => (
            <p key={m} role="alert" className="mt-1 text-xs text-rose-700">
              {m}
            </p>
          ))}
        </fieldset>

        <fieldset>
          <legend className="text-sm font-semibold text-slate-800">Feature schema</legend>
          <div className="mt-2 overflow-x-auto">
            <table className="text-sm">
              <thead className="text-left text-xs text-slate-500">
                <tr>
                  <th className="pr-2 font-medium">Name</th>
                  <th className="pr-2 font-medium">Type</th>
                  <th className="pr-2 font-medium">Categories</th>
                  <th className="pr-2 font-medium">Min</th>
                  <th className="pr-2 font-medium">Max</th>
                  <th className="pr-2 font-medium">Nullable</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {features.map((r, i) => {
                  const set = (p: Partial<FeatureRow>) =>
                    setFeatures(features.map((x, j) => (j === i ? { ...x, ...p } : x)));
                  return (
                    <tr key={i}>
                      <td className="py-1 pr-2">
                        <input
                          aria-label={`Feature ${i + 1} name`}
                          value={r.name}
                          onChange={(e) => set({ name: e.target.value })}
                          className={`${cell} w-40`}
                        />
                      </td>
                      <td className="py-1 pr-2">
                        <Select
                          aria-label={`Feature ${i + 1} type`}
                          value={r.type}
                          onChange={(e) => set({ type: e.target.value as FeatureRow["type"] })}
                          className="!mt-0 !py-1"
                        >
                          <option value="numeric">numeric</option>
                          <option value="categorical">categorical</option>
                        </Select>
                      </td>
                      <td className="py-1 pr-2">
                        <input
                          aria-label={`Feature ${i + 1} categories`}
                          disabled={r.type !== "categorical"}
                          value={r.categories}
                          onChange={(e) => set({ categories: e.target.value })}
                          placeholder="a, b, c"
                          className={`${cell} w-40 disabled:bg-slate-100`}
                        />
                      </td>
                      <td className="py-1 pr-2">
                        <input
                          aria-label={`Feature ${i + 1} min`}
                          disabled={r.type !== "numeric"}
                          value={r.min}
                          onChange={(e) => set({ min: e.target.value })}
                          className={`${cell} w-20 disabled:bg-slate-100`}
                          inputMode="decimal"
                        />
                      </td>
                      <td className="py-1 pr-2">
                        <input
                          aria-label={`Feature ${i + 1} max`}
                          disabled={r.type !== "numeric"}
                          value={r.max}
                          onChange={(e) => set({ max: e.target.value })}
                          className={`${cell} w-20 disabled:bg-slate-100`}
                          inputMode="decimal"
                        />
                      </td>
                      <td className="py-1 pr-2 text-center">
                        <input
                          aria-label={`Feature ${i + 1} nullable`}
                          type="checkbox"
                          checked={r.nullable}
                          onChange={(e) => set({ nullable: e.target.checked })}
                        />
                      </td>
                      <td className="py-1">
                        <Button
                          type="button"
                          size="sm"
                          variant="ghost"
                          onClick={() => setFeatures(features.filter((_, j) => j !== i))}
                        >
                          Remove
                        </Button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Button
            type="button"
            size="sm"
            variant="secondary"
            className="mt-2"
            onClick={() => setFeatures([...features, emptyFeature()])}
          >
            Add a feature
          </Button>
          {anyUnder("featureSchema")?.map((m) => (
            <p key={m} role="alert" className="mt-1 text-xs text-rose-700">
              {m}
            </p>
          ))}
        </fieldset>
        <Button type="submit" disabled={register.isPending}>
          {register.isPending ? "Registering…" : "Register the version"}
        </Button>
      </form>
    </Card>
  );
}
