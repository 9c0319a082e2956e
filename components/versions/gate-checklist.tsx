import Link from "next/link";
import { STAGE_LABELS } from "@/lib/domain/lifecycle/stages";
import type { TGatePreview } from "@/lib/server/promotions/preview-gate";

/** What the gate to the next stage requires, met or not, and why — before anyone asks. */
export function GateChecklist({ preview }: { preview: TGatePreview }) {
  const { gate, policy } = preview;
  const missing = gate.requirements.filter((r) => !r.met).length;
  return (
    <div data-testid="gate-checklist">
      <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">Gate to {STAGE_LABELS[preview.toStage]}</span>
        <span className={gate.open ? "text-emerald-700" : "text-amber-700"}>
          {gate.open ? "open — every requirement met" : `${missing} requirement${missing > 1 ? "s" : ""} missing`}
        </span>
        <span className="text-xs text-slate-500">
          {policy ? (
            <>
              {/* Links to the policy's history, so a reader can see what the newer version changed. */}
              <Link
                href={`/settings/policies?policy=${encodeURIComponent(policy.id)}`}
                className="text-slate-600 underline decoration-dotted hover:text-slate-900"
              >
                Policy v{policy.version}
              </Link>
              {policy.isCurrent
                ? " (current)"
                : " — the version this request was opened under; it has since been edited"}
            </>
          ) : (
            "No policy: nothing required"
          )}
        </span>
      </div>
      {gate.requirements.length === 0 ? (
        <p className="text-sm text-slate-600">This gate has no requirements.</p>
      ) : (
        <ul className="space-y-1.5">
          {gate.requirements.map((r) => (
            <li key={r.key} className="flex gap-2 text-sm" data-met={r.met}>
              <span
                aria-hidden
                className={`mt-0.5 grid size-4 shrink-0 place-items-center rounded-full text-[10px] font-bold text-white ${r.met ? "bg-emerald-500" : "bg-rose-500"}`}
              >
                {r.met ? "✓" : "✕"}
              </span>
              <span className="min-w-0">
                <span className="font-medium text-slate-800">{r.label}</span>
                <span className="sr-only">{r.met ? " (met)" : " (not met)"}</span>
                <span className="block text-xs text-slate-600">{r.detail}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
