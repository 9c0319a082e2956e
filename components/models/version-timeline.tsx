import Link from "next/link";
import { STAGE_COLORS } from "@/lib/domain/charts/palette";
import { STAGES, STAGE_LABELS } from "@/lib/domain/lifecycle/stages";
import type { TModelDetail } from "@/lib/server/views/get-model-detail";

/** Versions laid out in stage lanes: where each version stands now, newest first in each lane. */
export function VersionTimeline({ slug, versions }: { slug: string; versions: TModelDetail["versions"] }) {
  return (
    <div className="grid grid-cols-3 gap-2 md:grid-cols-6" data-testid="version-timeline">
      {STAGES.map((stage) => {
        const here = versions.filter((v) => v.stage === stage);
        return (
          <div key={stage} className="min-w-0 rounded-md border border-slate-200 bg-slate-50">
            <div className="flex items-center gap-1.5 border-b border-slate-200 px-2 py-1.5 text-xs font-semibold text-slate-700">
              <span className="size-2 rounded-full" style={{ background: STAGE_COLORS[stage] }} />
              {STAGE_LABELS[stage]}
              <span className="ml-auto font-normal text-slate-400">{here.length}</span>
            </div>
            <div className="flex min-h-14 flex-wrap content-start gap-1 p-2">
              {here.map((v) => (
                <Link
                  key={v.id}
                  href={`/models/${slug}/versions/${v.number}`}
                  title={`v${v.number} · ${v.framework} · ${v.status}`}
                  className={`rounded border bg-white px-1.5 py-0.5 font-mono text-xs hover:border-brand-500 ${v.status === "IN_REVIEW" ? "border-amber-400" : v.status === "REJECTED" ? "border-rose-400" : "border-slate-300"}`}
                >
                  v{v.number}
                </Link>
              ))}
              {here.length === 0 && <span className="text-xs text-slate-400">—</span>}
            </div>
          </div>
        );
      })}
    </div>
  );
}
