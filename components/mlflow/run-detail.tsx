import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { StageBadge } from "@/components/ui/labels";
import { Ago } from "@/components/ui/time";
import type { TRunPage } from "@/lib/server/mlflow/get-run-page";

function KeyValues({ rows, empty, testId }: { rows: { key: string; value: string }[]; empty: string; testId: string }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <table className="w-full table-fixed text-left text-sm" data-testid={testId}>
      <tbody className="divide-y divide-slate-100">
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row" className="w-2/5 py-1 pr-3 align-top font-mono text-xs font-normal text-slate-600">
              <span className="break-all">{r.key}</span>
            </th>
            <td className="break-all py-1 font-mono text-xs">{r.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One MLflow run as Modelgate stores it: what a version's "MLflow run" lineage link opens. */
export function RunDetail({ data }: { data: TRunPage }) {
  const { run, experiment, versions } = data;
  const tone =
    run.status === "FINISHED" ? "green" : run.status === "FAILED" || run.status === "KILLED" ? "red" : "slate";
  return (
    <div className="space-y-4">
      <div>
        <div className="text-xs text-slate-500">
          <Link href="/mlflow" className="hover:underline">
            MLflow
          </Link>{" "}
          / {experiment ? experiment.name : `experiment ${run.experimentId}`} /
        </div>
        <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold text-slate-900">
          {run.name || "Run"} <Badge tone={tone}>{run.status.toLowerCase()}</Badge>
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          <span className="font-mono text-xs">{run.id}</span> · started{" "}
          <Ago iso={new Date(run.startTime).toISOString()} />
          {run.endTime !== null && (
            <>
              , ended <Ago iso={new Date(run.endTime).toISOString()} />
            </>
          )}
          {run.userId ? ` · by ${run.userId}` : ""}
        </p>
      </div>
      <div className="grid gap-4 lg:grid-cols-2 [&>*]:min-w-0">
        <Card title="Registered versions" description="Model versions registered from this run.">
          {versions.length === 0 ? (
            <p className="text-sm text-slate-600">No version was registered from this run.</p>
          ) : (
            <ul className="space-y-1 text-sm" data-testid="run-versions">
              {versions.map((v) => (
                <li key={`${v.model.slug}-${v.number}`} className="flex flex-wrap items-center gap-2">
                  <Link
                    href={`/models/${v.model.slug}/versions/${v.number}`}
                    className="font-mono text-brand-700 hover:underline"
                  >
                    {v.model.slug} v{v.number}
                  </Link>
                  <StageBadge stage={v.stage} />
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Latest metrics">
          <KeyValues
            testId="run-metrics"
            rows={run.metrics.map((m) => ({ key: m.key, value: `${m.value}${m.step ? ` (step ${m.step})` : ""}` }))}
            empty="No metric logged."
          />
        </Card>
        <Card title="Parameters">
          <KeyValues testId="run-params" rows={run.params} empty="No parameter logged." />
        </Card>
        <Card title="Tags">
          <KeyValues
            testId="run-tags"
            rows={run.tags.filter((t) => !t.key.startsWith("mlflow.log-model"))}
            empty="No tag set."
          />
        </Card>
      </div>
      <Card title="Artifacts and inputs">
        <dl className="space-y-2 text-sm">
          <div>
            <dt className="text-xs text-slate-500">Artifact URI</dt>
            <dd className="break-all font-mono text-xs">{run.artifactUri}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Dataset inputs</dt>
            <dd className="text-xs">
              {run.inputs.length === 0 ? (
                "None logged."
              ) : (
                <pre className="overflow-x-auto rounded bg-slate-50 p-2">{JSON.stringify(run.inputs, null, 2)}</pre>
              )}
            </dd>
          </div>
        </dl>
      </Card>
    </div>
  );
}
