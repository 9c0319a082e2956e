import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { STAGE_LABELS } from "@/lib/domain/lifecycle/stages";
import { MLFLOW_STAGE_GUIDE } from "@/lib/domain/mlflow/stages";
import type { TMlflowSetup } from "@/lib/server/mlflow/get-mlflow-setup";

function Code({ children }: { children: string }) {
  return (
    <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100">
      {children}
    </pre>
  );
}

function environment(s: TMlflowSetup): string {
  return `export MLFLOW_TRACKING_URI=${s.trackingUri}

# Pipelines: a Modelgate API token
export MLFLOW_TRACKING_TOKEN=mg_…

# Or interactively: your email, and your
# password or one of your API tokens
export MLFLOW_TRACKING_USERNAME=${s.email}
export MLFLOW_TRACKING_PASSWORD=…`;
}

function python(s: TMlflowSetup): string {
  return `import mlflow
from mlflow import MlflowClient

with mlflow.start_run() as run:
    mlflow.log_params({"max_depth": 6})
    mlflow.log_metric("auc", 0.86)            # the version's evaluation metric
    mlflow.sklearn.log_model(model, "model")  # its flavour: the framework

schema = '[{"name": "amount", "type": "numeric"}]'
mv = mlflow.register_model(f"runs:/{run.info.run_id}/model", "credit-default-scoring",
                           tags={"modelgate.feature_schema": schema})

client = MlflowClient()
# Through Modelgate's gates: applied when open, else an MlflowException
# (PERMISSION_DENIED) naming the pending request and what it still needs.
client.transition_model_version_stage("credit-default-scoring", mv.version, "Staging")

# Always the version live in production.
live = client.get_model_version_by_alias("credit-default-scoring", "${s.productionAlias}")`;
}

/** The "Use with MLflow" page body: environment, a Python example, the stage mapping and the tags Modelgate reads. */
export function MlflowSetup({ setup }: { setup: TMlflowSetup }) {
  return (
    <div className="space-y-4">
      <div className="grid gap-4 xl:grid-cols-2">
        <Card title="1. Point MLflow at Modelgate" description="MLflow clients read these environment variables.">
          <Code>{environment(setup)}</Code>
          <p className="mt-3 text-sm text-slate-700">
            {setup.canManageTokens ? (
              <>
                MLflow needs an API token acting as you, with the <code className="font-mono">read</code> and{" "}
                <code className="font-mono">write</code> scopes.{" "}
                <Link
                  href="/settings/tokens?new=mlflow"
                  className="font-medium text-blue-700 hover:underline"
                  data-testid="mlflow-create-token"
                >
                  Create your MLflow token
                </Link>{" "}
                in Settings → API tokens (shown once: paste it into{" "}
                <code className="font-mono">MLFLOW_TRACKING_TOKEN</code>). It never does more than your roles allow.
              </>
            ) : (
              <>
                Ask an administrator for an API token with the read and write scopes; it acts as you, never with more
                than your role allows.
              </>
            )}
          </p>
          <p className="mt-2 text-xs text-slate-500">
            Modelgate stores the models: new experiments keep their artifacts at{" "}
            <code className="font-mono">mlflow-artifacts:/&lt;experiment id&gt;</code>, so{" "}
            <code className="font-mono">log_model</code> uploads through Modelgate and every download is checked against
            the digest recorded at registration. Experiments created earlier without a location keep{" "}
            <code className="font-mono">{setup.artifactRoot}</code>, written by the client itself.
          </p>
        </Card>
        <Card
          title="Tags Modelgate reads"
          description="MLflow has no field for these; send them as tags. Version tags are read when the version is registered."
        >
          <ul className="space-y-1.5 text-sm">
            {setup.tags.map((t) => (
              <li key={t.key}>
                <code className="font-mono font-semibold text-slate-900">{t.key}</code>{" "}
                <span className="text-slate-600">{t.meaning}</span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
      <Card
        title="2. Register and promote from Python"
        description="mlflow.register_model and the usual MlflowClient registry calls work unchanged."
      >
        <Code>{python(setup)}</Code>
      </Card>
      <Card
        title="Stage mapping"
        description="MLflow has four stages; Modelgate's lifecycle has six. A version reports the MLflow stage of its Modelgate stage."
      >
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="whitespace-nowrap py-2 pr-4 font-medium">MLflow stage</th>
                <th className="whitespace-nowrap py-2 pr-4 font-medium">Modelgate stages</th>
                <th className="py-2 font-medium">transition-stage to it</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {MLFLOW_STAGE_GUIDE.map((row) => (
                <tr key={row.mlflow} className="align-top">
                  <td className="py-2 pr-4 font-mono text-slate-900">{row.mlflow}</td>
                  <td className="py-2 pr-4">
                    <div className="flex flex-wrap gap-1">
                      {row.modelgate.map((s) => (
                        <Badge key={s} tone={s === "MONITORING" ? "green" : s === "ARCHIVED" ? "slate" : "blue"}>
                          {STAGE_LABELS[s]}
                        </Badge>
                      ))}
                    </div>
                  </td>
                  <td className="py-2 text-slate-700">{row.transition}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="mt-3 text-sm text-slate-700">
          The alias <code className="font-mono">{setup.productionAlias}</code> always names the live production version:
          setting it to another version asks for that version&apos;s promotion to production, and it cannot be deleted
          while a version is live. Other aliases are free pointers.
        </p>
      </Card>
    </div>
  );
}
