"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { useCreateAlertRule } from "@/lib/client/alerts";
import { ApiError } from "@/lib/client/http";
import {
  ALERT_KINDS,
  COMPARISONS,
  DEFAULT_METRIC,
  KIND_LABELS,
  SEVERITIES,
  type TAlertKind,
} from "@/lib/domain/alerts/alert-rules";
import type { TCreateAlertRuleRequest } from "@/lib/schemas/alerts";

const num = (f: FormData, key: string) => (f.get(key) === "" || f.get(key) === null ? undefined : Number(f.get(key)));
const text = (f: FormData, key: string) => String(f.get(key) ?? "").trim() || undefined;

/** The config of a kind from the form's fields; the API validates it (and names the field when it is wrong). */
function configOf(kind: TAlertKind, f: FormData): Record<string, unknown> {
  switch (kind) {
    case "METRIC_THRESHOLD":
    case "LATENCY":
    case "ERROR_RATE":
      return {
        metric: text(f, "metric") ?? DEFAULT_METRIC[kind],
        op: String(f.get("op")),
        value: num(f, "value"),
        windowHours: num(f, "windowHours"),
      };
    case "DATASET_DRIFT":
      return { share: num(f, "share") };
    case "FEATURE_PSI":
      return { feature: text(f, "feature"), band: String(f.get("band")) };
    case "DATA_QUALITY":
      return {
        feature: text(f, "feature"),
        maxMissingRate: num(f, "maxMissingRate"),
        maxUnseenShare: num(f, "maxUnseenShare"),
      };
    case "STALENESS":
      return { hours: num(f, "hours") };
    case "WEIGHTED_DRIFT":
      return { value: num(f, "value") };
  }
}

export function AddAlertRuleForm({ modelId, onDone }: { modelId: string; onDone: () => void }) {
  const router = useRouter();
  const create = useCreateAlertRule(modelId);
  const [kind, setKind] = useState<TAlertKind>("METRIC_THRESHOLD");
  const err = create.error instanceof ApiError ? create.error : null;
  const fe = (path: string) => err?.fieldError(path);
  return (
    <form
      aria-label="Add an alert rule"
      className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const input = {
          kind,
          name: String(f.get("name") ?? ""),
          severity: String(f.get("severity")),
          retrain: f.get("retrain") === "on",
          config: configOf(kind, f),
        } as TCreateAlertRuleRequest;
        create.mutate(input, {
          onSuccess: () => {
            onDone();
            router.refresh();
          },
        });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Name" error={fe("name")}>
          <Input name="name" placeholder="AUC below 0.75 over 24 h" />
        </Field>
        <Field label="Kind" error={fe("kind")}>
          <Select name="kind" value={kind} onChange={(e) => setKind(e.target.value as TAlertKind)}>
            {ALERT_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Severity" error={fe("severity")}>
          <Select name="severity" defaultValue="WARNING">
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s.charAt(0) + s.slice(1).toLowerCase()}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <KindFields key={kind} kind={kind} fe={fe} />
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" name="retrain" /> Open a retraining request when the violation is sustained
      </label>
      {err && !err.errors.length && (
        <p role="alert" className="text-sm text-rose-700">
          {err.message}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={create.isPending}>
          Add the rule
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function KindFields({ kind, fe }: { kind: TAlertKind; fe: (path: string) => string | undefined }) {
  const grid = "grid gap-3 sm:grid-cols-4";
  switch (kind) {
    case "METRIC_THRESHOLD":
    case "LATENCY":
    case "ERROR_RATE":
      return (
        <div className={grid}>
          <Field label="Metric" error={fe("config.metric")}>
            <Input name="metric" defaultValue={DEFAULT_METRIC[kind] ?? "auc"} />
          </Field>
          <Field label="Alert when average is" error={fe("config.op")}>
            <Select name="op" defaultValue={kind === "METRIC_THRESHOLD" ? "<" : ">"}>
              {COMPARISONS.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Value" error={fe("config.value")}>
            <Input name="value" type="number" step="any" />
          </Field>
          <Field label="Window (hours)" error={fe("config.windowHours")}>
            <Input name="windowHours" type="number" step="any" defaultValue={kind === "METRIC_THRESHOLD" ? 24 : 1} />
          </Field>
        </div>
      );
    case "DATASET_DRIFT":
      return (
        <div className={grid}>
          <Field label="Share of drifted features" hint="0–1, e.g. 0.5" error={fe("config.share")}>
            <Input name="share" type="number" step="any" defaultValue={0.5} />
          </Field>
        </div>
      );
    case "FEATURE_PSI":
      return (
        <div className={grid}>
          <Field label="Feature" hint="Empty: any feature" error={fe("config.feature")}>
            <Input name="feature" />
          </Field>
          <Field label="PSI band" error={fe("config.band")}>
            <Select name="band" defaultValue="significant">
              <option value="moderate">Moderate (≥ 0.1)</option>
              <option value="significant">Significant (≥ 0.25)</option>
            </Select>
          </Field>
        </div>
      );
    case "DATA_QUALITY":
      return (
        <div className={grid}>
          <Field label="Feature" hint="Empty: any feature" error={fe("config.feature")}>
            <Input name="feature" />
          </Field>
          <Field label="Max missing rate" hint="0–1" error={fe("config.maxMissingRate")}>
            <Input name="maxMissingRate" type="number" step="any" />
          </Field>
          <Field label="Max unseen-category share" hint="0–1" error={fe("config.maxUnseenShare")}>
            <Input name="maxUnseenShare" type="number" step="any" />
          </Field>
        </div>
      );
    case "STALENESS":
      return (
        <div className={grid}>
          <Field label="Hours without data" error={fe("config.hours")}>
            <Input name="hours" type="number" step="any" defaultValue={6} />
          </Field>
        </div>
      );
    case "WEIGHTED_DRIFT":
      return (
        <div className={grid}>
          <Field
            label="Alert when weighted drift is above"
            hint="PSI weighted by the live version's feature importances, e.g. 0.2"
            error={fe("config.value")}
          >
            <Input name="value" type="number" step="any" defaultValue={0.2} />
          </Field>
        </div>
      );
  }
}
