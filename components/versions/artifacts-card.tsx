import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { TVersionArtifacts } from "@/lib/schemas/artifacts";

type TColumn = { name: string; type: string; required: boolean };
type TModelInfo = {
  flavors?: string[];
  framework?: string;
  error?: string;
  signature?:
    | { kind: "none" }
    | {
        kind: "columns";
        inputs: TColumn[];
        unmapped: { name: string; type: string }[];
        renamed: { from: string; to: string }[];
      }
    | { kind: "tensor"; inputs: { name?: string; dtype: string; shape: number[] }[] };
  disagreement?: {
    onlyInTag: string[];
    onlyInSignature: string[];
    typeDiffers: { name: string; tag: string; signature: string }[];
  } | null;
};

const bytes = (n: number) =>
  n >= 1024 ** 3
    ? `${(n / 1024 ** 3).toFixed(1)} GiB`
    : n >= 1024 ** 2
      ? `${(n / 1024 ** 2).toFixed(1)} MiB`
      : n >= 1024
        ? `${(n / 1024).toFixed(1)} KiB`
        : `${n} B`;

/** The version's stored files, the digest every gate and approval recorded, and the model's own signature. */
export function ArtifactsCard({
  versionId,
  artifacts: a,
  canDownload,
}: {
  versionId: string;
  artifacts: TVersionArtifacts;
  canDownload: boolean;
}) {
  const info = (a.model ?? null) as TModelInfo | null;
  const sig = info?.signature;
  const d = info?.disagreement;
  const fileHref = (path: string) =>
    `/ajax-api/2.0/mlflow-artifacts/artifacts/${a.storeKey}/${path.split("/").map(encodeURIComponent).join("/")}`;
  return (
    <Card
      title="Artifacts"
      description={
        a.stored
          ? "Stored by Modelgate and verified on every download: the bytes approved are the bytes deployed."
          : "The source lies outside Modelgate's store; its bytes are not verified."
      }
      actions={
        canDownload ? (
          <a
            href={`/api/v1/versions/${versionId}/artifacts/download`}
            className="rounded-md border border-slate-300 px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50"
            data-testid="download-zip"
          >
            Download zip
          </a>
        ) : null
      }
    >
      <div className="space-y-4" data-testid="artifacts">
        <dl className="grid gap-2 text-sm sm:grid-cols-[8rem_1fr]">
          <dt className="text-xs text-slate-500">Source</dt>
          <dd className="break-all font-mono text-xs">{a.source}</dd>
          {a.stored && (
            <>
              <dt className="text-xs text-slate-500">Digest</dt>
              <dd className="break-all font-mono text-xs" data-testid="artifact-digest">
                {a.digest}
              </dd>
              <dt className="text-xs text-slate-500">Files</dt>
              <dd className="text-xs">
                {a.files.length} files, {bytes(a.totalBytes)}
              </dd>
            </>
          )}
        </dl>

        {a.stored && (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="artifact-files">
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="py-1 pr-3 font-medium">File</th>
                  <th className="py-1 pr-3 text-right font-medium">Size</th>
                  <th className="py-1 font-medium">sha256</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {a.files.map((f) => (
                  <tr key={f.path}>
                    <td className="py-1 pr-3 font-mono text-xs">
                      {canDownload ? (
                        <a href={fileHref(f.path)} className="text-brand-700 hover:underline">
                          {f.path}
                        </a>
                      ) : (
                        f.path
                      )}
                    </td>
                    <td className="whitespace-nowrap py-1 pr-3 text-right text-xs tabular-nums">{bytes(f.size)}</td>
                    <td className="py-1 font-mono text-xs text-slate-500" title={f.sha256}>
                      {f.sha256.slice(0, 12)}…
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}

        {info && (
          <div className="space-y-2 border-t border-slate-100 pt-3" data-testid="model-signature">
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <span className="font-medium text-slate-900">MLmodel</span>
              {info.error ? (
                <Badge tone="amber">unreadable</Badge>
              ) : (
                (info.flavors ?? []).map((f) => <Badge key={f}>{f}</Badge>)
              )}
              {sig?.kind === "tensor" && <Badge tone="amber">tensor signature</Badge>}
              {sig?.kind === "none" && <Badge tone="amber">no signature</Badge>}
            </div>
            {info.error && <p className="text-xs text-slate-600">{info.error}</p>}
            {sig?.kind === "columns" && (
              <div className="overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <thead className="text-xs uppercase tracking-wide text-slate-500">
                    <tr>
                      <th className="py-1 pr-3 font-medium">Input</th>
                      <th className="py-1 pr-3 font-medium">MLflow type</th>
                      <th className="py-1 font-medium">Required</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {sig.inputs.map((c) => (
                      <tr key={c.name}>
                        <td className="py-1 pr-3 font-mono text-xs">
                          {c.name}
                          {sig.renamed.find((r) => r.from === c.name) ? (
                            <span className="text-slate-500"> → {sig.renamed.find((r) => r.from === c.name)!.to}</span>
                          ) : null}
                        </td>
                        <td className="py-1 pr-3 text-xs">
                          {c.type}
                          {sig.unmapped.some((u) => u.name === c.name) ? (
                            <span className="text-amber-700"> (no feature type)</span>
                          ) : null}
                        </td>
                        <td className="py-1 text-xs">{c.required ? "yes" : "no"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {sig?.kind === "tensor" && (
              <ul className="text-xs text-slate-700">
                {sig.inputs.map((t, i) => (
                  <li key={i} className="font-mono">
                    {t.name ?? `input ${i}`}: {t.dtype} [{t.shape.join(", ")}]
                  </li>
                ))}
                <li className="mt-1 font-sans text-slate-600">
                  A tensor has no named columns: register the feature schema with the{" "}
                  <code>modelgate.feature_schema</code> tag to monitor features.
                </li>
              </ul>
            )}
            {d && (
              <p className="rounded-md bg-amber-50 p-2 text-xs text-amber-800" data-testid="schema-disagreement">
                The <code>modelgate.feature_schema</code> tag (which wins) disagrees with the signature:
                {d.onlyInTag.length > 0 && <> only in the tag: {d.onlyInTag.join(", ")}.</>}
                {d.onlyInSignature.length > 0 && <> only in the signature: {d.onlyInSignature.join(", ")}.</>}
                {d.typeDiffers.map((t) => (
                  <span key={t.name}>
                    {" "}
                    {t.name}: {t.tag} in the tag, {t.signature} in the signature.
                  </span>
                ))}
              </p>
            )}
          </div>
        )}
      </div>
    </Card>
  );
}
