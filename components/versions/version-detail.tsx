import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { HealthBadge, StageBadge } from "@/components/ui/labels";
import { Ago } from "@/components/ui/time";
import type { TVersionDetail } from "@/lib/server/views/get-version-detail";
import { ArtifactsCard } from "./artifacts-card";
import { ImportancePanel } from "@/components/importance/importance-panel";
import { ChampionTable } from "./champion-table";
import { GateChecklist } from "./gate-checklist";
import { LineageLink } from "./lineage-link";
import { PromotionPanel } from "./promotion-panel";
import { VersionTabs } from "./version-tabs";

export function VersionDetail({ data, isAdmin }: { data: TVersionDetail; isAdmin: boolean }) {
  const { model, version: v } = data;
  const latestChecks = [...new Map(data.checks.map((c) => [c.name, c])).values()];
  return (
    <div className="space-y-6">
      <div>
        <div className="text-xs text-slate-500">
          <Link href="/models" className="hover:underline">
            Models
          </Link>{" "}
          /{" "}
          <Link href={`/models/${model.slug}`} className="hover:underline">
            {model.slug}
          </Link>{" "}
          /
        </div>
        <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold text-slate-900">
          {model.title} <span className="font-mono text-slate-500">v{v.number}</span> <StageBadge stage={v.stage} />
          {v.status === "IN_REVIEW" && <Badge tone="amber">In review</Badge>}
          {v.status === "REJECTED" && <Badge tone="red">Last request rejected</Badge>}
          {v.status === "ROLLED_BACK" && <Badge tone="red">Rolled back</Badge>}
          {v.stage === "MONITORING" && <HealthBadge health={v.health} />}
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          Registered <Ago iso={v.createdAt} />
          {v.createdBy ? ` by ${v.createdBy.name}` : ""} · in {v.stage.toLowerCase()} since{" "}
          <Ago iso={v.stageChangedAt} />
        </p>
      </div>
      <VersionTabs slug={model.slug} number={v.number} active="overview" />

      {v.stage !== "ARCHIVED" && (
        <div className="grid gap-4 lg:grid-cols-2 [&>*]:min-w-0">
          <Card title="Promotion">
            <PromotionPanel
              versionId={v.id}
              stage={v.stage}
              pending={data.pending}
              canWrite={data.canWrite}
              canDecide={data.canDecide}
              actorId={data.actorId}
              isAdmin={isAdmin}
            />
          </Card>
          <Card title="Gate checklist" description="Evaluated live against the evidence on file.">
            {data.gate ? (
              <GateChecklist preview={data.gate} />
            ) : (
              <p className="text-sm text-slate-600">No further stage.</p>
            )}
          </Card>
        </div>
      )}

      {data.champion && (
        <Card
          title="Champion / challenger"
          actions={
            <Link
              href={`/models/${model.slug}/compare?v=${data.champion.number}&v=${v.number}`}
              className="shrink-0 text-xs font-medium text-brand-700 hover:underline"
            >
              Compare everything
            </Link>
          }
          description={`This version against v${data.champion.number}, live in production. The UAT gate allows a regression of at most ${data.champion.tolerance} on the gated metrics.`}
        >
          <ChampionTable champion={data.champion} number={v.number} />
        </Card>
      )}

      <Card
        title="Feature importance"
        description={
          data.importance.champion
            ? `What this version relies on, beside the production champion v${data.importance.champion.number}: share of the total importance per feature.`
            : "What this version relies on: share of the total importance per feature."
        }
      >
        <ImportancePanel
          number={v.number}
          own={data.importance.own}
          champion={data.importance.champion}
          approvedFeatures={data.importance.approvedFeatures}
        />
      </Card>

      <div className="grid gap-4 lg:grid-cols-3 [&>*]:min-w-0">
        <Card title="Metadata">
          <dl className="space-y-2 text-sm">
            {(
              [
                ["Artifact", v.artifactUri, null],
                ["Framework", v.framework, null],
                ["Git commit", v.gitCommit, data.lineage.gitCommit],
                ["Training data", v.trainingDataset, data.lineage.trainingDataset],
                ["MLflow run", data.runId ?? "", data.lineage.run],
                ["Reference dataset", data.hasReference ? "registered" : "not registered", null],
              ] as const
            ).map(([k, val, href]) => (
              <div key={k}>
                <dt className="text-xs text-slate-500">{k}</dt>
                <dd
                  className="break-all font-mono text-xs"
                  data-testid={`lineage-${k.toLowerCase().replace(/ /g, "-")}`}
                >
                  {val ? href ? <LineageLink href={href}>{val}</LineageLink> : val : "—"}
                </dd>
              </div>
            ))}
          </dl>
          {v.description && (
            <p className="mt-3 border-t border-slate-100 pt-3 text-sm text-slate-700">{v.description}</p>
          )}
        </Card>
        <Card title="Evaluation metrics">
          {Object.keys(v.metrics).length === 0 ? (
            <p className="text-sm text-slate-600">No metric reported.</p>
          ) : (
            <table className="w-full text-sm" data-testid="metrics-table">
              <tbody className="divide-y divide-slate-100">
                {Object.entries(v.metrics).map(([k, val]) => (
                  <tr key={k}>
                    <td className="py-1 font-mono text-xs">{k}</td>
                    <td className="py-1 text-right tabular-nums">{val}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {Object.keys(v.parameters).length > 0 && (
            <details className="mt-3 text-xs">
              <summary className="cursor-pointer text-slate-600">
                Parameters ({Object.keys(v.parameters).length})
              </summary>
              <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2">
                {JSON.stringify(v.parameters, null, 2)}
              </pre>
            </details>
          )}
        </Card>
        <Card title="Checks" description="Evidence reported by CI; the latest result per check counts.">
          {latestChecks.length === 0 ? (
            <p className="text-sm text-slate-600">
              No check reported. CI reports with POST /api/v1/versions/{"{id}"}/checks.
            </p>
          ) : (
            <ul className="space-y-1 text-sm" data-testid="checks">
              {latestChecks.map((c) => (
                <li key={c.name} className="flex flex-wrap items-center justify-between gap-2">
                  <span className="font-mono text-xs">
                    {c.url ? (
                      <a
                        href={c.url}
                        className="text-brand-700 hover:underline"
                        rel="noreferrer noopener"
                        target="_blank"
                      >
                        {c.name}
                      </a>
                    ) : (
                      c.name
                    )}
                  </span>
                  <Badge tone={c.status === "PASS" ? "green" : c.status === "FAIL" ? "red" : "slate"}>{c.status}</Badge>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>

      <ArtifactsCard versionId={v.id} artifacts={data.artifacts} canDownload={data.canDownload} />

      <Card title="Feature schema">
        {v.featureSchema.length === 0 ? (
          <p className="text-sm text-slate-600">No feature schema registered.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="feature-schema">
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="py-1 pr-3 font-medium">Feature</th>
                  <th className="py-1 pr-3 font-medium">Type</th>
                  <th className="py-1 pr-3 font-medium">Categories / range</th>
                  <th className="py-1 font-medium">Nullable</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {v.featureSchema.map((f) => (
                  <tr key={f.name}>
                    <td className="py-1 pr-3 font-mono text-xs">{f.name}</td>
                    <td className="py-1 pr-3">{f.type}</td>
                    <td className="py-1 pr-3 text-xs text-slate-600">
                      {f.type === "categorical"
                        ? (f.categories?.join(", ") ?? "any")
                        : `${f.min ?? "−∞"} … ${f.max ?? "+∞"}`}
                    </td>
                    <td className="py-1">{f.nullable ? "yes" : "no"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <div className="grid gap-4 lg:grid-cols-2 [&>*]:min-w-0">
        <Card title="Stage history">
          <ol className="space-y-1 text-sm" data-testid="stage-history">
            {data.history.map((h) => (
              <li key={h.id} className="flex flex-wrap items-center gap-2">
                <span className="w-24 text-xs text-slate-500">
                  <Ago iso={h.enteredAt} />
                </span>
                {h.fromStage && (
                  <>
                    <StageBadge stage={h.fromStage} />
                    <span className="text-slate-400">→</span>
                  </>
                )}
                <StageBadge stage={h.toStage} />
                <span className="text-xs text-slate-600">
                  {h.reason}
                  {h.actor ? ` · ${h.actor}` : ""}
                </span>
              </li>
            ))}
          </ol>
        </Card>
        <Card title="Promotion requests">
          {data.requests.length === 0 ? (
            <p className="text-sm text-slate-600">No request yet.</p>
          ) : (
            <ul className="space-y-2 text-sm" data-testid="requests">
              {data.requests.map((r) => (
                <li key={r.id}>
                  <span className="flex flex-wrap items-center gap-2">
                    <StageBadge stage={r.fromStage} /> → <StageBadge stage={r.toStage} />
                    <Badge
                      tone={
                        r.status === "APPLIED"
                          ? "green"
                          : r.status === "REJECTED"
                            ? "red"
                            : r.status === "PENDING"
                              ? "amber"
                              : "slate"
                      }
                    >
                      {r.status.toLowerCase()}
                    </Badge>
                    <span className="text-xs text-slate-500">
                      {r.requester.name}, <Ago iso={r.createdAt} />
                    </span>
                  </span>
                  {r.resolution && <span className="block text-xs text-slate-600">“{r.resolution}”</span>}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}
