"use client";

import { useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Stat } from "@/components/ui/card";
import { HealthBadge } from "@/components/ui/labels";
import { uploadDriftPreview, type TUploadProgress } from "@/lib/client/monitoring";
import { ApiError } from "@/lib/client/http";
import { byDriftedFirst } from "@/lib/domain/charts/distribution";
import { formatShare } from "@/lib/domain/charts/format";
import { PREDICTION_KEY } from "@/lib/domain/monitoring/columns";
import { MAX_DATASET_BODY_BYTES, MAX_DATASET_ROWS, type TDriftPreviewResponse } from "@/lib/schemas/monitoring";
import { DistributionExplorer } from "./distribution-explorer";

type TState =
  | { kind: "idle" }
  | { kind: "uploading"; file: File; progress: TUploadProgress }
  | { kind: "analysing"; file: File }
  | { kind: "done"; file: File; result: TDriftPreviewResponse }
  | { kind: "failed"; file: File | null; message: string; details: string[] };

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * A data scientist's "how does this file compare with the reference?": upload a CSV (or JSON columns) of up to
 * 20 MiB with a progress bar, then see the same drift, data-quality findings and distribution overlays as for a
 * production window. The server stores nothing (POST …/drift-preview).
 */
export function CompareFile({ versionId }: { versionId: string }) {
  const [state, setState] = useState<TState>({ kind: "idle" });
  const abortRef = useRef<(() => void) | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  function start(file: File) {
    if (file.size > MAX_DATASET_BODY_BYTES) {
      setState({
        kind: "failed",
        file,
        message: `${file.name} is ${mb(file.size)}; files of at most ${mb(MAX_DATASET_BODY_BYTES)} (and ${MAX_DATASET_ROWS.toLocaleString("en")} rows) can be compared.`,
        details: [],
      });
      return;
    }
    setState({ kind: "uploading", file, progress: { loaded: 0, total: file.size } });
    const upload = uploadDriftPreview(versionId, file, (progress) =>
      // Once every byte is sent, the server is parsing and computing: say so instead of sitting at 100 %.
      setState(progress.loaded >= progress.total ? { kind: "analysing", file } : { kind: "uploading", file, progress }),
    );
    abortRef.current = upload.abort;
    upload.done.then(
      (result) => setState({ kind: "done", file, result }),
      (err: unknown) => {
        if (err instanceof DOMException && err.name === "AbortError") return setState({ kind: "idle" });
        if (err instanceof ApiError)
          return setState({
            kind: "failed",
            file,
            message: err.message,
            details: err.errors.map((e) => `${e.path}: ${e.message}`),
          });
        setState({ kind: "failed", file, message: "The comparison failed.", details: [] });
      },
    );
  }

  const busy = state.kind === "uploading" || state.kind === "analysing";
  return (
    <div className="space-y-4" data-testid="compare-file">
      <div className="flex flex-wrap items-center gap-3">
        <label className="text-sm text-slate-700">
          <span className="sr-only">File to compare with the reference</span>
          <input
            ref={inputRef}
            type="file"
            accept=".csv,text/csv,.json,application/json"
            disabled={busy}
            aria-label="File to compare with the reference"
            className="block text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-800 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-white hover:file:bg-slate-700 disabled:opacity-50"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) start(file);
              e.target.value = ""; // choosing the same file again compares it again
            }}
          />
        </label>
        {busy && (
          <Button variant="secondary" size="sm" type="button" onClick={() => abortRef.current?.()}>
            Cancel
          </Button>
        )}
        <p className="text-xs text-slate-500">
          CSV with a header row (feature columns, optional <code>prediction</code> and <code>label</code>) or JSON
          columns; up to 20 MB. Nothing is stored.
        </p>
      </div>

      {state.kind === "uploading" && (
        <Progress
          label={`Uploading ${state.file.name}`}
          value={state.progress.loaded}
          max={state.progress.total}
          text={`${mb(state.progress.loaded)} of ${mb(state.progress.total)}`}
        />
      )}
      {state.kind === "analysing" && (
        <Progress
          label={`Computing drift for ${state.file.name}`}
          text="Upload complete; parsing and comparing with the reference…"
        />
      )}
      {state.kind === "failed" && (
        <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
          <p className="font-medium">{state.message}</p>
          {state.details.length > 0 && (
            <ul className="mt-1 list-disc pl-5 text-xs">
              {state.details.slice(0, 10).map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {state.kind === "done" && <PreviewResult fileName={state.file.name} result={state.result} />}
    </div>
  );
}

function Progress({ label, value, max, text }: { label: string; value?: number; max?: number; text: string }) {
  const determinate = value !== undefined && max !== undefined && max > 0;
  const share = determinate ? Math.min(100, (100 * value) / max) : 100;
  return (
    <div className="space-y-1">
      <div className="flex justify-between text-xs text-slate-600">
        <span>{label}</span>
        <span className="tabular-nums">{text}</span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={determinate ? Math.round(share) : undefined}
        className="h-2 overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className={determinate ? "h-full bg-blue-600 transition-[width]" : "h-full animate-pulse bg-blue-400"}
          style={{ width: `${share}%` }}
        />
      </div>
    </div>
  );
}

function PreviewResult({ fileName, result }: { fileName: string; result: TDriftPreviewResponse }) {
  // The explorer's shape (value is the PSI); predictions are listed after the features, as "prediction".
  const items = result.features.map((f) => ({
    feature: f.feature === PREDICTION_KEY ? "prediction" : f.feature,
    method: f.method,
    psi: f.value,
    pValue: f.pValue,
    drifted: f.drifted,
    details: f.details,
  }));
  const features = items.filter((_, i) => result.features[i]!.feature !== PREDICTION_KEY);
  const prediction = items.find((_, i) => result.features[i]!.feature === PREDICTION_KEY);
  const ordered = [...features].sort(byDriftedFirst);
  const explorer = [...features, ...(prediction ? [prediction] : [])];
  const { findings } = result;
  const unseen = Object.entries(findings.features).filter(([, f]) => f.unseenCategories.length > 0);
  const outOfRange = Object.entries(findings.features).filter(([, f]) => f.outOfRange > 0);
  const missing = Object.entries(findings.features).filter(([, f]) => f.missingRate > 0);
  return (
    <div className="space-y-4" data-testid="compare-result">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label="Rows compared" value={result.rowCount.toLocaleString("en")} hint={fileName} />
        <Stat
          label="Dataset drift"
          value={formatShare(result.datasetDrift.drifted_share)}
          hint={`${result.datasetDrift.drifted_count} of ${result.datasetDrift.evaluated_count} features drifted (threshold ${formatShare(result.datasetDrift.threshold)})`}
          tone={result.datasetDrift.drifted ? "bad" : "good"}
        />
        <Stat
          label="Prediction drift"
          value={prediction ? (prediction.drifted ? "yes" : "no") : "—"}
          hint={prediction ? `PSI ${prediction.psi?.toFixed(3) ?? "—"}` : "No prediction column in the file"}
          tone={prediction?.drifted ? "bad" : "default"}
        />
        <Stat
          label="Health for this data"
          value={<HealthBadge health={result.health} />}
          hint={result.reasons.length ? result.reasons.map((r) => r.message).join("; ") : "Within thresholds"}
        />
      </div>
      {(findings.unknownColumns.length > 0 ||
        findings.absentColumns.length > 0 ||
        unseen.length > 0 ||
        outOfRange.length > 0 ||
        missing.length > 0) && (
        <ul
          className="space-y-1 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900"
          aria-label="Data-quality findings"
        >
          {findings.absentColumns.length > 0 && (
            <li>Features missing from the file (not judged): {findings.absentColumns.join(", ")}</li>
          )}
          {findings.unknownColumns.length > 0 && (
            <li>Columns that are not features (ignored): {findings.unknownColumns.join(", ")}</li>
          )}
          {unseen.map(([name, f]) => (
            <li key={`u-${name}`}>
              <span className="font-mono">{name}</span>: categories never seen in training (
              {f.unseenCategories.slice(0, 5).join(", ")}
              {f.unseenCategories.length > 5 ? ", …" : ""}) in {formatShare(f.unseenShare)} of rows
            </li>
          ))}
          {outOfRange.map(([name, f]) => (
            <li key={`r-${name}`}>
              <span className="font-mono">{name}</span>: {f.outOfRange.toLocaleString("en")} values outside the expected
              range ({formatShare(f.outOfRangeShare)})
            </li>
          ))}
          {missing.map(([name, f]) => (
            <li key={`m-${name}`}>
              <span className="font-mono">{name}</span>: {formatShare(f.missingRate)} missing
            </li>
          ))}
        </ul>
      )}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="py-1 pr-4 font-medium">Feature</th>
              <th className="py-1 pr-4 font-medium">Decided by</th>
              <th className="py-1 pr-4 text-right font-medium">p-value</th>
              <th className="py-1 pr-4 text-right font-medium">PSI</th>
              <th className="py-1 font-medium">Drift</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {ordered.map((f) => (
              <tr key={f.feature}>
                <td className="py-1 pr-4 font-mono text-xs">{f.feature}</td>
                <td className="py-1 pr-4 text-xs text-slate-600">{f.method}</td>
                <td className="py-1 pr-4 text-right tabular-nums">
                  {f.pValue === null ? "—" : f.pValue.toPrecision(3)}
                </td>
                <td className="py-1 pr-4 text-right tabular-nums">{f.psi === null ? "—" : f.psi.toFixed(3)}</td>
                <td className="py-1">
                  {f.drifted ? <Badge tone="red">drifted</Badge> : <Badge tone="green">stable</Badge>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <DistributionExplorer features={explorer} currentName="Your file" />
    </div>
  );
}
