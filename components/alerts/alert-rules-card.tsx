"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Ago } from "@/components/ui/time";
import { useUpdateAlertRule } from "@/lib/client/alerts";
import { KIND_LABELS } from "@/lib/domain/alerts/alert-rules";
import type { TAlertRule } from "@/lib/schemas/alerts";
import { AddAlertRuleForm } from "./add-alert-rule-form";
import { AlertStatusBadge, SeverityBadge } from "./alert-badges";

/** The model's alert rules with their current alert, an enable/disable switch and an add form for its operators. */
export function AlertRulesCard({
  modelId,
  modelSlug,
  rules,
  canConfigure,
}: {
  modelId: string;
  modelSlug: string;
  rules: TAlertRule[];
  canConfigure: boolean;
}) {
  const [adding, setAdding] = useState(false);
  return (
    <Card
      title="Alert rules"
      description="Evaluated when production data arrives and every five minutes; a rule marked retrain opens a retraining request when its violation is sustained."
      actions={
        canConfigure && !adding ? (
          <Button size="sm" className="shrink-0 whitespace-nowrap" onClick={() => setAdding(true)}>
            Add a rule
          </Button>
        ) : undefined
      }
    >
      <div className="space-y-3" data-testid="alert-rules-card">
        {adding && <AddAlertRuleForm modelId={modelId} onDone={() => setAdding(false)} />}
        {rules.length === 0 ? (
          <p className="text-sm text-slate-600">
            No alert rule yet. The MONITORING gate needs at least one; add rules here or with POST /api/v1/models/
            {modelSlug}/alert-rules.
          </p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {rules.map((r) => (
              <RuleRow key={r.id} rule={r} modelSlug={modelSlug} canConfigure={canConfigure} />
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}

function RuleRow({ rule: r, modelSlug, canConfigure }: { rule: TAlertRule; modelSlug: string; canConfigure: boolean }) {
  const router = useRouter();
  const update = useUpdateAlertRule();
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-2" data-testid={`alert-rule-${r.id}`}>
      <div className="min-w-0 space-y-0.5">
        <div className="flex flex-wrap items-center gap-2">
          <span className={r.enabled ? "font-medium text-slate-900" : "font-medium text-slate-400 line-through"}>
            {r.name}
          </span>
          <SeverityBadge severity={r.severity} />
          {r.retrain && <span className="rounded bg-violet-50 px-1.5 text-xs text-violet-700">retrain</span>}
          {r.alert && <AlertStatusBadge status={r.alert.status} />}
        </div>
        <div className="text-xs text-slate-600">
          {KIND_LABELS[r.kind]}: {r.summary}
          {r.version ? ` · v${r.version.number} only` : ""}
        </div>
        {r.alert && (
          <div className="text-xs text-rose-700">
            <a href={`/alerts?modelId=${r.modelId}`} className="hover:underline">
              {r.alert.message}
            </a>{" "}
            · <Ago iso={r.alert.openedAt} />
          </div>
        )}
      </div>
      {canConfigure && (
        <Button
          size="sm"
          variant="ghost"
          className="shrink-0"
          disabled={update.isPending}
          aria-label={`${r.enabled ? "Disable" : "Enable"} ${r.name} on ${modelSlug}`}
          onClick={() =>
            update.mutate({ ruleId: r.id, input: { enabled: !r.enabled } }, { onSuccess: () => router.refresh() })
          }
        >
          {r.enabled ? "Disable" : "Enable"}
        </Button>
      )}
    </li>
  );
}
