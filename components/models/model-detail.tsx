import Link from "next/link";
import { ModelHandoffs } from "@/components/handoffs/model-handoffs";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CriticalityBadge, HealthBadge, StageBadge } from "@/components/ui/labels";
import { Markdown } from "@/components/ui/markdown";
import { Ago } from "@/components/ui/time";
import type { TModelDetail } from "@/lib/server/views/get-model-detail";
import type { TModelProductionView } from "@/lib/server/views/get-model-production-view";
import { AlertRulesCard } from "@/components/alerts/alert-rules-card";
import { DeploymentActions } from "@/components/deployments/deployment-actions";
import { RetrainingCard } from "@/components/retraining/retraining-card";
import { ProductionMetrics } from "@/components/monitoring/production-metrics";
import { ModelCardEditor } from "@/components/model-cards/model-card-editor";
import { ModelActions } from "./model-actions";
import { VersionTimeline } from "./version-timeline";

const PRIMARY = ["auc", "r2", "rmse", "accuracy", "macro_f1"];

export function ModelDetail({ data, production }: { data: TModelDetail; production: TModelProductionView }) {
  const { model } = data;
  const live = data.deployments.filter((d) => d.status === "ACTIVE");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="text-xs text-slate-500">
            <Link href="/models" className="hover:underline">
              Models
            </Link>{" "}
            /
          </div>
          <h1 className="text-xl font-semibold text-slate-900">{model.title}</h1>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <span className="font-mono text-sm text-slate-600">{model.slug}</span>
            <CriticalityBadge criticality={model.criticality} />
            <HealthBadge health={model.health} />
            <Badge>{model.problemType.toLowerCase()}</Badge>
            {model.archivedAt && <Badge tone="red">Archived</Badge>}
            {model.tags.map((t) => (
              <span key={t} className="rounded bg-slate-100 px-1.5 text-xs text-slate-600">
                {t}
              </span>
            ))}
          </div>
        </div>
        {(data.actions.register || data.actions.edit || data.actions.archive) && (
          <ModelActions model={model} allowed={data.actions} />
        )}
      </div>

      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="Description" className="lg:col-span-2">
          <Markdown source={model.description} />
        </Card>
        <Card title="Ownership" description="Changes only through a handoff (or an audited admin override).">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" data-testid="owners">
            <dt className="text-slate-500">Team</dt>
            <dd>{model.team.name}</dd>
            <dt className="text-slate-500">Data science</dt>
            <dd>{model.dsOwner.name}</dd>
            <dt className="text-slate-500">IT</dt>
            <dd>{model.itOwner?.name ?? <span className="font-medium text-rose-700">No IT owner</span>}</dd>
          </dl>
          {data.ownership.length > 0 && (
            <ol
              className="mt-3 space-y-1 border-t border-slate-100 pt-3 text-xs text-slate-600"
              aria-label="Ownership history"
            >
              {data.ownership.map((o) => (
                <li key={o.id}>
                  <Ago iso={o.createdAt} /> — DS {o.dsOwner}, IT {o.itOwner ?? "none"} · {o.reason}
                  {o.changedBy ? ` (by ${o.changedBy})` : ""}
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>

      <Card
        title="Model card"
        description="Intended use, factors, metrics, data, ethical considerations and caveats (Mitchell et al., Model Cards for Model Reporting)."
      >
        <ModelCardEditor card={data.card} canEdit={data.actions.edit && !model.archivedAt} />
      </Card>

      <ModelHandoffs modelId={model.id} data={data.handoffs} />

      <Card
        title="Versions across stages"
        description={`${data.versions.length} versions. Amber: in review; red: last request rejected.`}
      >
        {data.versions.length === 0 ? (
          <p className="text-sm text-slate-600">
            No version yet. Register one from the UI, or from CI with{" "}
            <code className="rounded bg-slate-100 px-1">POST /api/v1/models/{model.slug}/versions</code>.
          </p>
        ) : (
          <VersionTimeline slug={model.slug} versions={data.versions} />
        )}
        {data.pending.length > 0 && (
          <ul className="mt-4 space-y-1 text-sm" aria-label="Pending requests">
            {data.pending.map((p) => (
              <li key={p.id} className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">
                <Link href={`/models/${model.slug}/versions/${p.number}`} className="font-medium hover:underline">
                  v{p.number}
                </Link>{" "}
                waits for promotion to <StageBadge stage={p.toStage} /> — asked by {p.requester},{" "}
                <Ago iso={p.createdAt} />
              </li>
            ))}
          </ul>
        )}
      </Card>

      {data.deployments.some((d) => d.environment.isProduction) && (
        <Card
          title="Production metrics"
          description="Across every version that served production; dashed violet lines mark deployments, dashed amber/red lines the health thresholds."
        >
          <ProductionMetrics
            scope={{ kind: "model", id: model.id }}
            problemType={model.problemType}
            apiPath={`/api/v1/versions/{id}/metrics`}
          />
        </Card>
      )}

      <div className="grid gap-4 lg:grid-cols-2">
        <Card
          title="Versions"
          description={data.versions.length > 1 ? "Tick 2–4 versions to compare them side by side." : undefined}
          actions={
            data.versions.length > 1 ? (
              // A plain GET form: the ticked boxes (form="compare-versions") become ?v=…&v=… on the compare page.
              <form id="compare-versions" method="get" action={`/models/${model.slug}/compare`}>
                <button
                  type="submit"
                  className="rounded-md border border-slate-300 px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50"
                >
                  Compare selected
                </button>
              </form>
            ) : undefined
          }
        >
          <table className="w-full text-left text-sm" data-testid="versions-table">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                {data.versions.length > 1 && (
                  <th className="w-6 py-1 pr-2 font-medium">
                    <span className="sr-only">Compare</span>
                  </th>
                )}
                <th className="py-1 pr-3 font-medium">Version</th>
                <th className="py-1 pr-3 font-medium">Stage</th>
                <th className="py-1 pr-3 font-medium">Key metric</th>
                <th className="py-1 pr-3 font-medium">Framework</th>
                <th className="py-1 font-medium">Registered</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.versions.map((v) => {
                const key = PRIMARY.find((k) => k in v.metrics);
                return (
                  <tr key={v.id}>
                    {data.versions.length > 1 && (
                      <td className="py-1.5 pr-2">
                        <input
                          type="checkbox"
                          name="v"
                          value={v.number}
                          form="compare-versions"
                          aria-label={`Compare v${v.number}`}
                          className="size-3.5"
                        />
                      </td>
                    )}
                    <td className="py-1.5 pr-3">
                      <Link
                        href={`/models/${model.slug}/versions/${v.number}`}
                        className="font-mono text-brand-700 hover:underline"
                      >
                        v{v.number}
                      </Link>
                    </td>
                    <td className="py-1.5 pr-3">
                      <StageBadge stage={v.stage} />
                    </td>
                    <td className="py-1.5 pr-3 tabular-nums">{key ? `${key} ${v.metrics[key]}` : "—"}</td>
                    <td className="py-1.5 pr-3 text-slate-600">{v.framework || "—"}</td>
                    <td className="py-1.5 text-xs text-slate-600">
                      <Ago iso={v.createdAt} />
                      {v.createdBy ? ` by ${v.createdBy}` : ""}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Card>
        <Card
          title="Deployments"
          description={
            live.length
              ? `Live: ${live.map((d) => `v${d.version.number} in ${d.environment.name}`).join(", ")}`
              : "Nothing deployed."
          }
        >
          <DeploymentActions modelId={model.id} ops={production} />
          {data.deployments.length === 0 ? (
            <p className="text-sm text-slate-600">No deployment recorded yet.</p>
          ) : (
            <table className="w-full text-left text-sm" data-testid="deployments-table">
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="py-1 pr-3 font-medium">Environment</th>
                  <th className="py-1 pr-3 font-medium">Version</th>
                  <th className="py-1 pr-3 font-medium">Status</th>
                  <th className="py-1 pr-3 font-medium">Since</th>
                  <th className="py-1 font-medium">By</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.deployments.map((d) => (
                  <tr key={d.id}>
                    <td className="py-1.5 pr-3">{d.environment.name}</td>
                    <td className="py-1.5 pr-3 font-mono">v{d.version.number}</td>
                    <td className="py-1.5 pr-3">
                      <Badge tone={d.status === "ACTIVE" ? "green" : d.status === "ROLLED_BACK" ? "red" : "slate"}>
                        {d.status.toLowerCase().replace("_", " ")}
                      </Badge>
                    </td>
                    <td className="py-1.5 pr-3 text-xs text-slate-600">
                      <Ago iso={d.deployedAt} />
                      {d.endedAt ? (
                        <>
                          {" "}
                          – <Ago iso={d.endedAt} />
                        </>
                      ) : null}
                    </td>
                    <td className="py-1.5 text-xs text-slate-600">{d.deployedBy ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <AlertRulesCard
          modelId={model.id}
          modelSlug={model.slug}
          rules={production.alertRules}
          canConfigure={production.canConfigure}
        />
        <RetrainingCard
          modelSlug={model.slug}
          requests={production.retraining}
          assignees={production.assignees}
          canManage={production.canConfigure}
        />
      </div>

      <Card title="Audit trail" description="The latest changes to this model and its versions.">
        <ol className="divide-y divide-slate-100 text-sm" data-testid="model-audit">
          {data.audit.map((a) => (
            <li key={a.seq} className="flex flex-wrap items-baseline gap-x-3 py-1.5">
              <span className="w-20 shrink-0 text-xs text-slate-500">
                <Ago iso={a.createdAt} />
              </span>
              <span className="font-mono text-xs text-slate-800">{a.action}</span>
              <span className="text-xs text-slate-600">by {a.actorLabel}</span>
              {a.after != null && (
                <span
                  className="min-w-0 flex-1 truncate font-mono text-[11px] text-slate-500"
                  title={JSON.stringify(a.after)}
                >
                  {JSON.stringify(a.after)}
                </span>
              )}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
