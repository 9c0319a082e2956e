"use client";

import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useGatePolicies } from "@/lib/client/gate-policies";
import { describePolicy, type TPolicyLine } from "@/lib/domain/gates/describe-policy";
import { CRITICALITIES, GATED_STAGES, type TGatedStage } from "@/lib/domain/gates/policy-rules";
import { STAGE_LABELS } from "@/lib/domain/lifecycle/stages";
import type { TGatePolicy, TGatePolicyPair, TListGatePoliciesResponse } from "@/lib/schemas/gate-policies";
import { GatePolicyForm } from "./gate-policy-form";

type TCriticality = TGatePolicy["criticality"];
type Selection = { stage: TGatedStage; criticality: TCriticality; editing: boolean };

const CRITICALITY_LABELS: Record<TCriticality, string> = { INTERNAL: "Internal", MISSION_CRITICAL: "Mission-critical" };
// Colour per kind of requirement (legend in the matrix header); plain shapes, no icon font needed.
const KIND: Record<TPolicyLine["kind"], { dot: string; label: string }> = {
  people: { dot: "bg-violet-500", label: "people" },
  evidence: { dot: "bg-emerald-500", label: "evidence" },
  production: { dot: "bg-sky-500", label: "production" },
};

// UTC and fixed format: the server render and the browser's hydration must print the same text.
const formatUtc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/**
 * The gate-policy matrix (rows = target stages, columns = criticality), each cell in plain words, and a
 * panel for the selected cell: its edit form (administrators) and its version history (everyone).
 */
export function GatePoliciesAdmin({
  initial,
  canEdit,
  focusPolicyId,
}: {
  initial: TListGatePoliciesResponse;
  canEdit: boolean;
  focusPolicyId: string | null;
}) {
  const policies = useGatePolicies(initial);
  const [selected, setSelected] = useState<Selection | null>(() => {
    const pair = initial.items.find(
      (p) => p.current?.id === focusPolicyId || p.history.some((h) => h.id === focusPolicyId),
    );
    return pair ? { stage: pair.targetStage, criticality: pair.criticality, editing: false } : null;
  });
  const [saved, setSaved] = useState<{ policy: TGatePolicy; expected: number } | null>(null);
  const pairs = policies.data?.items ?? [];
  const pairOf = (stage: TGatedStage, criticality: TCriticality) =>
    pairs.find((p) => p.targetStage === stage && p.criticality === criticality);
  const selectedPair = selected ? pairOf(selected.stage, selected.criticality) : undefined;

  const scrollToPanel = () =>
    requestAnimationFrame(() =>
      document.getElementById("gate-policy-panel")?.scrollIntoView({ behavior: "smooth", block: "start" }),
    );
  // A deep link (?policy=…) opens its cell below the matrix: bring it into view once, on arrival.
  useEffect(() => {
    if (focusPolicyId) scrollToPanel();
  }, [focusPolicyId]);

  function open(stage: TGatedStage, criticality: TCriticality, editing: boolean) {
    setSaved(null);
    setSelected({ stage, criticality, editing });
    scrollToPanel();
  }

  return (
    <div className="space-y-6">
      <Card
        title="Gates by target stage and criticality"
        description="A request is judged by the policy version that was current when it was opened, even if the policy changes while it waits."
        actions={<Legend />}
      >
        <div className="overflow-x-auto">
          <table className="w-full table-fixed text-left text-sm" data-testid="gate-policy-matrix">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="w-40 py-2 pr-4 font-medium">Gate to</th>
                {CRITICALITIES.map((c) => (
                  <th key={c} className="py-2 pr-4 font-medium">
                    {CRITICALITY_LABELS[c]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {GATED_STAGES.map((stage) => (
                <tr key={stage}>
                  <th scope="row" className="py-3 pr-4 align-top font-semibold text-slate-900">
                    {STAGE_LABELS[stage]}
                  </th>
                  {CRITICALITIES.map((c) => {
                    const pair = pairOf(stage, c);
                    const isSelected = selected?.stage === stage && selected.criticality === c;
                    return (
                      <td
                        key={c}
                        className={`py-3 pr-4 align-top ${isSelected ? "bg-brand-50/60" : ""}`}
                        data-testid={`policy-cell-${stage}-${c}`}
                      >
                        {pair && (
                          <PolicyCell
                            pair={pair}
                            canEdit={canEdit}
                            onEdit={() => open(stage, c, true)}
                            onHistory={() => open(stage, c, false)}
                          />
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>

      {selected && selectedPair && (
        <div id="gate-policy-panel" className="scroll-mt-4">
          <Card
            title={`Gate to ${STAGE_LABELS[selected.stage]} — ${CRITICALITY_LABELS[selected.criticality]} models`}
            description={
              selectedPair.current
                ? `Current: version ${selectedPair.current.version}`
                : "No policy yet: this gate requires nothing."
            }
            actions={
              <Button size="sm" variant="ghost" onClick={() => setSelected(null)}>
                Close
              </Button>
            }
          >
            <div className="space-y-6">
              {saved && <SavedNotice saved={saved.policy} expected={saved.expected} pair={selectedPair} />}
              {selected.editing && canEdit ? (
                <GatePolicyForm
                  key={`${selected.stage}-${selected.criticality}`}
                  stage={selected.stage}
                  criticality={selected.criticality}
                  current={selectedPair.current}
                  onSaved={(policy) => {
                    setSaved({ policy, expected: (selectedPair.current?.version ?? 0) + 1 });
                    setSelected({ ...selected, editing: false });
                  }}
                  onCancel={() => setSelected({ ...selected, editing: false })}
                />
              ) : (
                canEdit && (
                  <Button size="sm" onClick={() => open(selected.stage, selected.criticality, true)}>
                    Edit this gate
                  </Button>
                )
              )}
              <PolicyHistory pair={selectedPair} markedId={focusPolicyId} />
            </div>
          </Card>
        </div>
      )}
    </div>
  );
}

function Legend() {
  return (
    <ul className="flex gap-3 text-xs text-slate-500" aria-label="Kinds of requirement">
      {Object.values(KIND).map((k) => (
        <li key={k.label} className="flex items-center gap-1">
          <span aria-hidden className={`size-2 rounded-full ${k.dot}`} />
          {k.label}
        </li>
      ))}
    </ul>
  );
}

function PolicyCell({
  pair,
  canEdit,
  onEdit,
  onHistory,
}: {
  pair: TGatePolicyPair;
  canEdit: boolean;
  onEdit: () => void;
  onHistory: () => void;
}) {
  const { current } = pair;
  const lines = current ? describePolicy(current.requirements) : [];
  const waiting = pair.history.reduce((n, h) => n + h.pendingRequests, 0);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {current ? <Badge tone="blue">v{current.version}</Badge> : <Badge>No policy</Badge>}
        {current && (
          <span className="text-xs text-slate-500">
            {current.createdBy
              ? `by ${current.createdBy.name}, ${formatUtc(current.createdAt).slice(0, 10)}`
              : "seeded default"}
          </span>
        )}
      </div>
      {lines.length === 0 ? (
        <p className="text-slate-600">Nothing required: the gate opens as soon as it is asked.</p>
      ) : (
        <ul className="space-y-1">
          {lines.map((l) => (
            <li key={l.text} className="flex gap-1.5 text-slate-700">
              <span aria-hidden className={`mt-1.5 size-2 shrink-0 rounded-full ${KIND[l.kind].dot}`} />
              <span>{l.text}</span>
            </li>
          ))}
        </ul>
      )}
      {waiting > 0 && (
        <p className="text-xs text-amber-700">
          {waiting} pending request{waiting > 1 ? "s" : ""} still under an older version
        </p>
      )}
      <div className="flex gap-1">
        {canEdit && (
          <Button size="sm" variant="secondary" onClick={onEdit}>
            Edit
          </Button>
        )}
        <Button size="sm" variant="ghost" onClick={onHistory}>
          History ({pair.history.length + (current ? 1 : 0)})
        </Button>
      </div>
    </div>
  );
}

function SavedNotice({ saved, expected, pair }: { saved: TGatePolicy; expected: number; pair: TGatePolicyPair }) {
  const previous = pair.history.find((h) => h.version === saved.version - 1);
  return (
    <div
      className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900"
      role="status"
      data-testid="policy-saved"
    >
      <p className="font-medium">
        Version {saved.version} saved — requests already pending keep the version they were opened under.
      </p>
      {previous && previous.pendingRequests > 0 && (
        <p className="mt-1">
          {previous.pendingRequests} pending request{previous.pendingRequests > 1 ? "s are" : " is"} still judged by
          version {previous.version}; new requests use version {saved.version}.
        </p>
      )}
      {saved.version !== expected && (
        <p className="mt-1 text-amber-800">
          Another administrator saved version {expected} while you were editing; yours is now the current one. Compare
          both in the history below.
        </p>
      )}
    </div>
  );
}

function PolicyHistory({ pair, markedId }: { pair: TGatePolicyPair; markedId: string | null }) {
  const versions = [...(pair.current ? [pair.current] : []), ...pair.history];
  if (!versions.length) return null;
  return (
    <div>
      <h3 className="text-sm font-semibold text-slate-900">History</h3>
      <div className="mt-2 overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="policy-history">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="py-2 pr-4 font-medium">Version</th>
              <th className="py-2 pr-4 font-medium">Saved by</th>
              <th className="py-2 pr-4 font-medium">When</th>
              <th className="py-2 pr-4 font-medium">Why</th>
              <th
                className="py-2 pr-4 font-medium"
                title="Pending requests opened under this version; they keep it until decided"
              >
                Pending requests
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {versions.map((v) => (
              <tr
                key={v.id}
                className={`align-top ${v.id === markedId ? "bg-amber-50" : ""}`}
                aria-current={v.id === markedId || undefined}
              >
                <td className="py-2 pr-4 whitespace-nowrap">
                  v{v.version} {v.isCurrent && <Badge tone="green">current</Badge>}
                  {v.id === markedId && <div className="text-xs text-amber-800">linked from the version page</div>}
                </td>
                <td className="py-2 pr-4">{v.createdBy?.name ?? "Seeded default"}</td>
                <td className="py-2 pr-4 whitespace-nowrap text-xs text-slate-600">{formatUtc(v.createdAt)}</td>
                <td className="py-2 pr-4">
                  <div>{v.note || "—"}</div>
                  <details className="mt-1 text-xs text-slate-600">
                    <summary className="cursor-pointer text-slate-500">What it requires</summary>
                    <ul className="mt-1 list-disc pl-4">
                      {describePolicy(v.requirements).map((l) => (
                        <li key={l.text}>{l.text}</li>
                      ))}
                      {describePolicy(v.requirements).length === 0 && <li>Nothing</li>}
                    </ul>
                  </details>
                </td>
                <td className="py-2 pr-4 tabular-nums">{v.pendingRequests}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
