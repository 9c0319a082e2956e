import { DistributionChart } from "@/components/charts/distribution-chart";
import { Badge } from "@/components/ui/badge";
import { Card, Stat } from "@/components/ui/card";
import { HealthBadge } from "@/components/ui/labels";
import { Ago } from "@/components/ui/time";
import { formatShare } from "@/lib/domain/charts/format";
import type { THealth } from "@/lib/domain/monitoring/health";
import type { TDriftOverview } from "@/lib/server/monitoring/get-drift-overview";
import { PREDICTION_KEY as PREDICTION_FEATURE } from "@/lib/domain/monitoring/columns";
import { PSI_BANDS } from "@/lib/domain/alerts/alert-rules";
import type { TWeightedDrift } from "@/lib/schemas/monitoring";
import { CompareFile } from "./compare-file";
import { DistributionExplorer } from "./distribution-explorer";
import { DriftHeatmap } from "./drift-heatmap";
import { ProductionMetrics } from "./production-metrics";

type Summary = {
  datasetDrift?: {
    drifted_share?: number | null;
    drifted?: boolean | null;
    drifted_count?: number;
    evaluated_count?: number;
    threshold?: number;
  };
  quality?: Record<string, number | null> | null;
  weightedDrift?: TWeightedDrift | null;
};

/** The importance-weighted drift of the latest window, on PSI's scale (0.1 moderate, 0.25 significant). */
function weightedDriftStat(w: TWeightedDrift | null | undefined) {
  if (!w)
    return {
      value: "—",
      hint: "No feature importance for this version: record it (POST …/importance) to weight drift by what the model relies on.",
      tone: "default" as const,
    };
  const top =
    w.top && w.top.contribution > 0 ? `; ${w.top.feature} contributes ${formatShare(w.top.contribution)}` : "";
  return {
    value: w.score.toFixed(3),
    hint: `Σ importance·PSI / Σ importance over ${w.features} features (${formatShare(w.coverage)} of the importance)${top}`,
    tone:
      w.score >= PSI_BANDS.significant
        ? ("bad" as const)
        : w.score >= PSI_BANDS.moderate
          ? ("warn" as const)
          : ("good" as const),
  };
}

export function VersionMonitoring({
  versionId,
  problemType,
  health,
  reasons,
  drift,
  canCompare,
}: {
  versionId: string;
  problemType: "CLASSIFICATION" | "REGRESSION" | "OTHER";
  health: THealth;
  reasons: { message: string }[];
  drift: TDriftOverview;
  canCompare: boolean;
}) {
  const latest = drift.latest;
  const summary = (latest?.summary ?? {}) as Summary;
  const features = latest?.features.filter((f) => f.feature !== PREDICTION_FEATURE) ?? [];
  const prediction = latest?.features.find((f) => f.feature === PREDICTION_FEATURE) ?? null;
  const drifted = features.filter((f) => f.drifted);
  const quality = summary.quality ?? null;
  const weighted = weightedDriftStat(summary.weightedDrift);
  return (
    <div className="space-y-6">
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-5">
        <Stat
          label="Health"
          value={<HealthBadge health={health} />}
          hint={reasons.length ? reasons.map((r) => r.message).join("; ") : "Within thresholds"}
        />
        <Stat
          label="Dataset drift"
          value={formatShare(summary.datasetDrift?.drifted_share)}
          hint={
            summary.datasetDrift
              ? `${summary.datasetDrift.drifted_count ?? 0} of ${summary.datasetDrift.evaluated_count ?? 0} features drifted (threshold ${formatShare(summary.datasetDrift.threshold)})`
              : "No production window yet"
          }
          tone={summary.datasetDrift?.drifted ? "bad" : "good"}
        />
        <Stat
          label="Weighted drift"
          value={<span data-testid="weighted-drift">{weighted.value}</span>}
          hint={weighted.hint}
          tone={weighted.tone}
        />
        <Stat
          label="Latest window"
          value={latest ? <Ago iso={latest.end} /> : "—"}
          hint={`${drift.windows.length} windows shown`}
        />
        <Stat
          label="Reference"
          value={drift.reference ? drift.reference.rowCount.toLocaleString("en") : "none"}
          hint={drift.reference ? "rows registered" : "Register one with POST /api/v1/versions/{id}/reference"}
          tone={drift.reference ? "default" : "warn"}
        />
      </div>

      <Card title="Production metrics" description="Bucketed averages; dashed lines are health thresholds.">
        <ProductionMetrics
          scope={{ kind: "version", id: versionId }}
          problemType={problemType}
          apiPath={`/api/v1/versions/${versionId}/metrics`}
        />
      </Card>

      <Card
        title="Drift per feature over windows"
        description={
          drifted.length
            ? `Drifted in the latest window: ${drifted.map((f) => f.feature).join(", ")}`
            : "No feature drifted in the latest window."
        }
      >
        {drift.windows.length === 0 ? (
          <p className="text-sm text-slate-600">
            No production window yet. Send one with POST /api/v1/versions/{versionId}/samples.
          </p>
        ) : (
          <DriftHeatmap data={drift} />
        )}
      </Card>

      <div className="grid gap-4 xl:grid-cols-3">
        <Card
          title="Reference vs latest window"
          description="Per feature: reference-quantile bins for numeric features, categories for categorical ones."
          className="xl:col-span-2"
        >
          <DistributionExplorer features={features} />
        </Card>
        <Card
          title="Prediction scores"
          description={
            prediction
              ? `Prediction drift: ${prediction.drifted ? "yes" : "no"} (PSI ${prediction.psi?.toFixed(3) ?? "—"})`
              : "No predictions sent with the samples."
          }
        >
          <DistributionChart details={prediction?.details ?? null} label="Prediction score distribution" />
        </Card>
      </div>

      {canCompare && drift.reference && (
        <Card
          title="Compare a file with the reference"
          description="Upload a sample (a scoring batch, a candidate training set) to see its drift against this version's reference before it reaches production."
        >
          <CompareFile versionId={versionId} />
        </Card>
      )}

      {quality && (
        <Card title="Model quality in the latest window" description="Computed from the labels sent with the samples.">
          <div className="flex flex-wrap gap-2" data-testid="window-quality">
            {Object.entries(quality)
              .filter(([k]) => !["tp", "fp", "fn", "tn", "threshold"].includes(k))
              .map(([k, v]) => (
                <Badge key={k} tone="slate">
                  {k} {typeof v === "number" ? v.toFixed(3) : "—"}
                </Badge>
              ))}
          </div>
        </Card>
      )}
    </div>
  );
}
