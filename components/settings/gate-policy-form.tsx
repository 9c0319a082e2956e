"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { useUpdateGatePolicy } from "@/lib/client/gate-policies";
import { ApiError } from "@/lib/client/http";
import {
  defaultGateRequirements,
  type TComparator,
  type TGateRequirements,
  type TProblemType,
} from "@/lib/domain/gates/policy";
import {
  checkPolicyForStage,
  COMPARATORS,
  METADATA_LABELS,
  REQUIRED_METADATA_FIELDS,
  type TGatedStage,
  type TMetadataField,
} from "@/lib/domain/gates/policy-rules";
import { ROLE_LABELS, ROLES, type TRole } from "@/lib/domain/rbac/permissions";
import type { FieldError } from "@/lib/errors";
import { ZUpdateGatePolicyRequest, type TGatePolicy } from "@/lib/schemas/gate-policies";

/** The form keeps what people type (numbers and comma lists as text) and converts only on save. */
type Draft = {
  approvals: { role: TRole; count: string }[];
  separationOfDuties: boolean;
  ownerMustRequest: boolean;
  requiredMetadata: TMetadataField[];
  metricThresholds: { metric: string; op: TComparator; value: string; problemType: TProblemType | "" }[];
  requiredChecks: string;
  requireReferenceDataset: boolean;
  championOn: boolean;
  championMetrics: string;
  tolerance: string;
  lowerIsBetter: string[];
  requireActiveDeployment: boolean;
  requireAlertRules: boolean;
  requireHandoffAccepted: boolean;
  requireFeatureImportance: boolean;
  requireModelCard: boolean;
  approvedTopOn: boolean;
  approvedTopN: string;
  note: string;
};

const splitList = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
// Empty or unreadable text becomes NaN, which the schema reports as "Enter a number." under the field.
const toNumber = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));

function toDraft(r: TGateRequirements): Draft {
  return {
    approvals: r.approvals.map((a) => ({ role: a.role, count: String(a.count) })),
    separationOfDuties: r.separationOfDuties,
    ownerMustRequest: r.ownerMustRequest,
    requiredMetadata: r.requiredMetadata,
    metricThresholds: r.metricThresholds.map((t) => ({
      metric: t.metric,
      op: t.op,
      value: String(t.value),
      problemType: t.problemType ?? "",
    })),
    requiredChecks: r.requiredChecks.join(", "),
    requireReferenceDataset: r.requireReferenceDataset,
    championOn: r.champion !== null,
    championMetrics: (r.champion?.metrics ?? ["auc", "r2", "rmse"]).join(", "),
    tolerance: String(r.champion?.tolerance ?? 0.01),
    lowerIsBetter: r.champion?.lowerIsBetter ?? ["rmse"],
    requireActiveDeployment: r.requireActiveDeployment,
    requireAlertRules: r.requireAlertRules,
    requireHandoffAccepted: r.requireHandoffAccepted,
    requireFeatureImportance: r.requireFeatureImportance,
    requireModelCard: r.requireModelCard,
    approvedTopOn: r.approvedTopFeatures !== null,
    approvedTopN: String(r.approvedTopFeatures?.topN ?? 3),
    note: "",
  };
}

function fromDraft(d: Draft) {
  const championMetrics = splitList(d.championMetrics);
  const requirements: TGateRequirements = {
    approvals: d.approvals.map((a) => ({ role: a.role, count: toNumber(a.count) })),
    separationOfDuties: d.separationOfDuties,
    ownerMustRequest: d.ownerMustRequest,
    requiredMetadata: REQUIRED_METADATA_FIELDS.filter((f) => d.requiredMetadata.includes(f)),
    metricThresholds: d.metricThresholds.map((t) => ({
      metric: t.metric.trim(),
      op: t.op,
      value: toNumber(t.value),
      ...(t.problemType ? { problemType: t.problemType } : {}),
    })),
    requiredChecks: splitList(d.requiredChecks),
    requireReferenceDataset: d.requireReferenceDataset,
    // Unticked "lower is better" boxes of metrics since removed from the list are dropped, not reported.
    champion: d.championOn
      ? {
          metrics: championMetrics,
          tolerance: toNumber(d.tolerance),
          lowerIsBetter: d.lowerIsBetter.filter((m) => championMetrics.includes(m)),
        }
      : null,
    requireActiveDeployment: d.requireActiveDeployment,
    requireAlertRules: d.requireAlertRules,
    requireHandoffAccepted: d.requireHandoffAccepted,
    requireFeatureImportance: d.requireFeatureImportance,
    requireModelCard: d.requireModelCard,
    approvedTopFeatures: d.approvedTopOn ? { topN: toNumber(d.approvedTopN) } : null,
  };
  return { requirements, note: d.note };
}

/** The same checks the API runs, before the round trip; the API's answer is shown the same way. */
function validate(stage: TGatedStage, d: Draft): FieldError[] {
  const parsed = ZUpdateGatePolicyRequest.safeParse(fromDraft(d));
  if (!parsed.success) return parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  return checkPolicyForStage(stage, parsed.data.requirements).map((i) => ({
    path: `requirements.${i.path}`,
    message: i.message,
  }));
}

const SECTIONS = [
  "approvals",
  "separationOfDuties",
  "ownerMustRequest",
  "requiredMetadata",
  "metricThresholds",
  "requiredChecks",
  "requireReferenceDataset",
  "champion",
  "requireActiveDeployment",
  "requireAlertRules",
  "requireHandoffAccepted",
  "requireFeatureImportance",
  "approvedTopFeatures",
  "requireModelCard",
];

export function GatePolicyForm({
  stage,
  criticality,
  current,
  onSaved,
  onCancel,
}: {
  stage: TGatedStage;
  criticality: TGatePolicy["criticality"];
  current: TGatePolicy | null;
  onSaved: (saved: TGatePolicy) => void;
  onCancel: () => void;
}) {
  const update = useUpdateGatePolicy();
  // A pair without any policy starts from the DESIGN.md 2.3 default rather than from a blank form.
  const [draft, setDraft] = useState<Draft>(() =>
    toDraft(current?.requirements ?? defaultGateRequirements(stage, criticality)!),
  );
  const [clientErrors, setClientErrors] = useState<FieldError[]>([]);
  const apiError = update.error instanceof ApiError ? update.error : null;
  const errors = clientErrors.length ? clientErrors : (apiError?.errors ?? []);
  // Messages for one requirement field, by its path under `requirements` (as the API names it).
  const at = (path: string) => errors.filter((e) => e.path === `requirements.${path}`).map((e) => e.message);
  const noteErrors = errors.filter((e) => e.path === "note").map((e) => e.message);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const checks = splitList(draft.requiredChecks);
  const championMetrics = splitList(draft.championMetrics);
  const unclaimed = errors.filter(
    (e) => e.path !== "note" && !SECTIONS.some((s) => e.path.startsWith(`requirements.${s}`)),
  );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    update.reset();
    const found = validate(stage, draft);
    setClientErrors(found);
    if (found.length) return;
    update.mutate(
      { stage, criticality, input: ZUpdateGatePolicyRequest.parse(fromDraft(draft)) },
      { onSuccess: onSaved },
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5" aria-label="Edit gate policy" noValidate>
      <Section title="Who must sign off" errors={at("approvals")}>
        {draft.approvals.length === 0 && (
          <p className="text-sm text-slate-500">No approvals: the gate opens by itself when everything else is met.</p>
        )}
        {draft.approvals.map((a, i) => (
          <div key={i} data-testid={`approval-row-${i}`}>
            <div className="flex flex-wrap items-center gap-2">
              <div className="w-56">
                <Select
                  aria-label={`Approver role ${i + 1}`}
                  value={a.role}
                  invalid={!!at(`approvals.${i}.role`).length}
                  onChange={(e) =>
                    set({
                      approvals: draft.approvals.map((x, j) => (j === i ? { ...x, role: e.target.value as TRole } : x)),
                    })
                  }
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </option>
                  ))}
                </Select>
              </div>
              <span className="text-sm text-slate-600">×</span>
              <div className="w-24">
                <Input
                  aria-label={`Number of approvals ${i + 1}`}
                  type="number"
                  min={1}
                  max={5}
                  step={1}
                  value={a.count}
                  invalid={!!at(`approvals.${i}.count`).length}
                  onChange={(e) =>
                    set({ approvals: draft.approvals.map((x, j) => (j === i ? { ...x, count: e.target.value } : x)) })
                  }
                />
              </div>
              <Button
                type="button"
                variant="ghost"
                size="sm"
                onClick={() => set({ approvals: draft.approvals.filter((_, j) => j !== i) })}
              >
                Remove
              </Button>
            </div>
            <Errors messages={[...at(`approvals.${i}.role`), ...at(`approvals.${i}.count`)]} />
          </div>
        ))}
        <Button
          type="button"
          variant="secondary"
          size="sm"
          onClick={() =>
            set({
              approvals: [
                ...draft.approvals,
                { role: ROLES.find((r) => !draft.approvals.some((a) => a.role === r)) ?? "IT_OPS", count: "1" },
              ],
            })
          }
        >
          Add an approval
        </Button>
        <Check
          label="Separation of duties"
          hint="The version's creator and the person who requested the move cannot approve it."
          checked={draft.separationOfDuties}
          onChange={(v) => set({ separationOfDuties: v })}
          errors={at("separationOfDuties")}
        />
        <Check
          label="Only the model's data-science owner may request"
          hint="Administrators may always request."
          checked={draft.ownerMustRequest}
          onChange={(v) => set({ ownerMustRequest: v })}
          errors={at("ownerMustRequest")}
        />
      </Section>

      <Section title="Evidence the version must carry" errors={[...at("requiredMetadata"), ...at("metricThresholds")]}>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Required metadata</legend>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {REQUIRED_METADATA_FIELDS.map((f) => (
              <label key={f} className="flex items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  checked={draft.requiredMetadata.includes(f)}
                  onChange={(e) =>
                    set({
                      requiredMetadata: e.target.checked
                        ? [...draft.requiredMetadata, f]
                        : draft.requiredMetadata.filter((x) => x !== f),
                    })
                  }
                />
                {METADATA_LABELS[f]}
              </label>
            ))}
          </div>
          <Errors
            messages={errors.filter((e) => e.path.startsWith("requirements.requiredMetadata.")).map((e) => e.message)}
          />
        </fieldset>
        <div>
          <div className="text-sm font-medium text-slate-700">Metric thresholds</div>
          {draft.metricThresholds.length === 0 && <p className="text-sm text-slate-500">No thresholds.</p>}
          {draft.metricThresholds.map((t, i) => {
            const row = (patch: Partial<Draft["metricThresholds"][number]>) =>
              set({ metricThresholds: draft.metricThresholds.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
            return (
              <div key={i} className="mt-2" data-testid={`threshold-row-${i}`}>
                <div className="flex flex-wrap items-center gap-2">
                  <div className="w-40">
                    <Input
                      aria-label={`Metric ${i + 1}`}
                      placeholder="auc"
                      value={t.metric}
                      invalid={!!at(`metricThresholds.${i}.metric`).length}
                      onChange={(e) => row({ metric: e.target.value })}
                    />
                  </div>
                  <div className="w-20">
                    <Select
                      aria-label={`Operator ${i + 1}`}
                      value={t.op}
                      invalid={!!at(`metricThresholds.${i}.op`).length}
                      onChange={(e) => row({ op: e.target.value as TComparator })}
                    >
                      {COMPARATORS.map((op) => (
                        <option key={op} value={op}>
                          {op}
                        </option>
                      ))}
                    </Select>
                  </div>
                  <div className="w-28">
                    <Input
                      aria-label={`Threshold ${i + 1}`}
                      type="number"
                      step="any"
                      value={t.value}
                      invalid={!!at(`metricThresholds.${i}.value`).length}
                      onChange={(e) => row({ value: e.target.value })}
                    />
                  </div>
                  <div className="w-52">
                    <Select
                      aria-label={`Applies to ${i + 1}`}
                      value={t.problemType}
                      invalid={!!at(`metricThresholds.${i}.problemType`).length}
                      onChange={(e) => row({ problemType: e.target.value as TProblemType | "" })}
                    >
                      <option value="">Every model</option>
                      <option value="CLASSIFICATION">Classification models only</option>
                      <option value="REGRESSION">Regression models only</option>
                      <option value="OTHER">Other models only</option>
                    </Select>
                  </div>
                  <Button
                    type="button"
                    variant="ghost"
                    size="sm"
                    onClick={() => set({ metricThresholds: draft.metricThresholds.filter((_, j) => j !== i) })}
                  >
                    Remove
                  </Button>
                </div>
                <Errors
                  messages={(["metric", "op", "value", "problemType"] as const).flatMap((f) =>
                    at(`metricThresholds.${i}.${f}`),
                  )}
                />
              </div>
            );
          })}
          <Button
            type="button"
            variant="secondary"
            size="sm"
            className="mt-2"
            onClick={() =>
              set({
                metricThresholds: [...draft.metricThresholds, { metric: "", op: ">=", value: "", problemType: "" }],
              })
            }
          >
            Add a threshold
          </Button>
        </div>
        <Field
          label="Required checks (comma-separated)"
          hint="The latest CI result of each must be PASS, e.g. unit-tests, data-validation."
          error={listErrors(errors, "requirements.requiredChecks", checks)}
        >
          <Input
            value={draft.requiredChecks}
            placeholder="unit-tests, data-validation"
            invalid={errors.some((e) => e.path.startsWith("requirements.requiredChecks"))}
            onChange={(e) => set({ requiredChecks: e.target.value })}
          />
        </Field>
        <Check
          label="Reference dataset registered"
          hint="Needed to monitor drift in production."
          checked={draft.requireReferenceDataset}
          onChange={(v) => set({ requireReferenceDataset: v })}
          errors={at("requireReferenceDataset")}
        />
        <Check
          label="No regression against the production champion"
          hint="Compared on the named metrics; a model without a champion passes."
          checked={draft.championOn}
          onChange={(v) => set({ championOn: v })}
          errors={at("champion")}
        />
        {draft.championOn && (
          <div className="ml-6 grid gap-3 md:grid-cols-2">
            <Field
              label="Compared metrics (comma-separated)"
              error={listErrors(errors, "requirements.champion.metrics", championMetrics)}
            >
              <Input
                value={draft.championMetrics}
                invalid={errors.some((e) => e.path.startsWith("requirements.champion.metrics"))}
                onChange={(e) => set({ championMetrics: e.target.value })}
              />
            </Field>
            <Field
              label="Tolerance (absolute, 0–1)"
              hint="e.g. 0.005 lets auc drop by at most half a point."
              error={at("champion.tolerance").join(" ") || undefined}
            >
              <Input
                type="number"
                min={0}
                max={1}
                step="any"
                value={draft.tolerance}
                invalid={!!at("champion.tolerance").length}
                onChange={(e) => set({ tolerance: e.target.value })}
              />
            </Field>
            <fieldset className="md:col-span-2">
              <legend className="text-sm font-medium text-slate-700">Lower is better for</legend>
              <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                {championMetrics.length === 0 && (
                  <span className="text-sm text-slate-500">Name the compared metrics first.</span>
                )}
                {championMetrics.map((m) => (
                  <label key={m} className="flex items-center gap-1.5 text-sm font-mono">
                    <input
                      type="checkbox"
                      checked={draft.lowerIsBetter.includes(m)}
                      onChange={(e) =>
                        set({
                          lowerIsBetter: e.target.checked
                            ? [...draft.lowerIsBetter, m]
                            : draft.lowerIsBetter.filter((x) => x !== m),
                        })
                      }
                    />
                    {m}
                  </label>
                ))}
              </div>
              <Errors
                messages={errors
                  .filter((e) => e.path.startsWith("requirements.champion.lowerIsBetter"))
                  .map((e) => e.message)}
              />
            </fieldset>
          </div>
        )}
        <Check
          label="Feature importance provided"
          hint="Global importances posted for the version (API or the modelgate.feature_importance MLflow tag)."
          checked={draft.requireFeatureImportance}
          onChange={(v) => set({ requireFeatureImportance: v })}
          errors={at("requireFeatureImportance")}
        />
        <Check
          label="Model card complete"
          hint="Every section of the model's card (intended use, factors, metrics, evaluation and training data, ethical considerations, caveats) written."
          checked={draft.requireModelCard}
          onChange={(v) => set({ requireModelCard: v })}
          errors={at("requireModelCard")}
        />
        <Check
          label="Only approved features among the most important"
          hint="For regulated models: the top features must be on the model's approved list, so a protected attribute or a proxy of it cannot drive decisions."
          checked={draft.approvedTopOn}
          onChange={(v) => set({ approvedTopOn: v })}
          errors={at("approvedTopFeatures")}
        />
        {draft.approvedTopOn && (
          <div className="ml-6 w-48">
            <Field label="How many top features (1–20)" error={at("approvedTopFeatures.topN").join(" ") || undefined}>
              <Input
                type="number"
                min={1}
                max={20}
                step={1}
                value={draft.approvedTopN}
                invalid={!!at("approvedTopFeatures.topN").length}
                onChange={(e) => set({ approvedTopN: e.target.value })}
              />
            </Field>
          </div>
        )}
      </Section>

      <Section title="Production readiness" errors={[]}>
        <Check
          label="Active production deployment"
          hint={
            stage === "MONITORING"
              ? "The version runs in production."
              : "Only the gate to Monitoring can require it: versions are deployed after they reach Deployment."
          }
          checked={draft.requireActiveDeployment}
          disabled={stage !== "MONITORING" && !draft.requireActiveDeployment}
          onChange={(v) => set({ requireActiveDeployment: v })}
          errors={at("requireActiveDeployment")}
        />
        <Check
          label="Alert rules configured"
          hint="At least one alert rule on the model."
          checked={draft.requireAlertRules}
          onChange={(v) => set({ requireAlertRules: v })}
          errors={at("requireAlertRules")}
        />
        <Check
          label="Ownership handoff to IT accepted"
          hint="Usual for mission-critical models entering Monitoring."
          checked={draft.requireHandoffAccepted}
          onChange={(v) => set({ requireHandoffAccepted: v })}
          errors={at("requireHandoffAccepted")}
        />
      </Section>

      <Field
        label="Why does the policy change?"
        hint="Required; shown in the policy history and the audit log (500 characters at most)."
        error={noteErrors.join(" ") || undefined}
      >
        <textarea
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-brand-500/30 aria-[invalid=true]:border-rose-400"
          rows={2}
          maxLength={600}
          value={draft.note}
          aria-invalid={noteErrors.length > 0 || undefined}
          onChange={(e) => set({ note: e.target.value })}
          placeholder="e.g. Two IT reviewers after the Q3 audit finding"
        />
      </Field>

      {(unclaimed.length > 0 || (apiError && !apiError.errors.length)) && (
        <div className="rounded-md border border-rose-200 bg-rose-50 p-3 text-sm text-rose-800" role="alert">
          {apiError && !apiError.errors.length
            ? apiError.message
            : unclaimed.map((e) => <p key={e.path + e.message}>{e.message}</p>)}
        </div>
      )}
      {errors.length > 0 && (
        <p className="text-sm text-rose-700" role="alert">
          {errors.length === 1 ? "One field needs attention." : `${errors.length} fields need attention.`} Nothing was
          saved.
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? "Saving…" : `Save as version ${(current?.version ?? 0) + 1}`}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** Errors of a comma list, naming the entry each indexed error is about ("Unit Tests": …). */
function listErrors(errors: FieldError[], prefix: string, items: string[]): string | undefined {
  const mine = errors.filter((e) => e.path === prefix || e.path.startsWith(`${prefix}.`));
  if (!mine.length) return undefined;
  return mine
    .map((e) => {
      const i = Number(e.path.slice(prefix.length + 1));
      return Number.isInteger(i) && items[i] !== undefined ? `“${items[i]}”: ${e.message}` : e.message;
    })
    .join(" ");
}

function Section({ title, errors, children }: { title: string; errors: string[]; children: ReactNode }) {
  return (
    <fieldset className="space-y-3 rounded-md border border-slate-200 p-4">
      <legend className="px-1 text-sm font-semibold text-slate-900">{title}</legend>
      {children}
      <Errors messages={errors} />
    </fieldset>
  );
}

function Check({
  label,
  hint,
  checked,
  disabled,
  onChange,
  errors,
}: {
  label: string;
  hint: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (v: boolean) => void;
  errors: string[];
}) {
  return (
    <div>
      <label className={`flex items-start gap-2 text-sm ${disabled ? "opacity-60" : ""}`}>
        <input
          type="checkbox"
          className="mt-0.5"
          checked={checked}
          disabled={disabled}
          onChange={(e) => onChange(e.target.checked)}
        />
        <span>
          <span className="font-medium text-slate-800">{label}</span>
          <span className="block text-xs text-slate-500">{hint}</span>
        </span>
      </label>
      <Errors messages={errors} />
    </div>
  );
}

function Errors({ messages }: { messages: string[] }) {
  if (!messages.length) return null;
  return (
    <>
      {messages.map((m, i) => (
        <p key={i} className="mt-1 text-xs text-rose-700" role="alert">
          {m}
        </p>
      ))}
    </>
  );
}
