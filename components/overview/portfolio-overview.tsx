import { HealthByCriticalityChart } from "@/components/charts/health-by-criticality-chart";
import { LeadTimeChart } from "@/components/charts/lead-time-chart";
import { StageFunnelChart } from "@/components/charts/stage-funnel-chart";
import { TimeInStageChart } from "@/components/charts/time-in-stage-chart";
import { Card, Stat } from "@/components/ui/card";
import { CriticalityBadge, HealthBadge } from "@/components/ui/labels";
import type { TPortfolioOverview } from "@/lib/server/views/get-portfolio-overview";
import { OwnershipMatrix } from "./ownership-matrix";
import { OwnershipWarnings } from "./ownership-warnings";
import { WaitingOnYou } from "./waiting-on-you";

/** "12 s ago": the read model's staleness, to the second while it is short. */
function fmtAge(iso: string): string {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return s < 120 ? `${s} s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
}

const fmtDays = (d: number | null) => (d === null ? "—" : `${d.toFixed(1)} d`);

export function PortfolioOverview({ data }: { data: TPortfolioOverview }) {
  const critical = data.liveCritical;
  const { timeInStage: tis } = data;
  const monitoring = tis.stages.find((s) => s.stage === "MONITORING");
  return (
    <div className="space-y-6">
      <WaitingOnYou data={data.waitingOnYou} />
      <p className="text-xs text-slate-500" data-testid="overview-as-of">
        Portfolio figures as of{" "}
        <time dateTime={data.asOf} title={`${data.asOf.replace("T", " ").slice(0, 19)} UTC`}>
          {fmtAge(data.asOf)}
        </time>
        , refreshed in the background; what waits on you is current.
      </p>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-5">
        <Stat label="Models" value={data.modelCount} hint={`${data.versionCount} versions`} />
        <Stat
          label="Live in production"
          value={data.liveModels}
          hint={`${critical} critical`}
          tone={critical ? "bad" : "good"}
        />
        <Stat
          label="Pending approvals"
          value={data.pendingApprovals}
          hint={data.oldestPendingDays !== null ? `oldest ${data.oldestPendingDays} d` : "none waiting"}
          tone={data.pendingApprovals ? "warn" : "default"}
        />
        <Stat
          label="Handoffs waiting"
          value={data.proposedHandoffs}
          tone={data.proposedHandoffs ? "warn" : "default"}
        />
        <Stat
          label="In production without IT owner"
          value={data.warnings.counts.NO_IT_OWNER}
          tone={data.warnings.counts.NO_IT_OWNER ? "bad" : "good"}
        />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Versions by stage" description="Every registered version, by its current lifecycle stage.">
          <StageFunnelChart data={data.versionsByStage} unit="versions" />
        </Card>
        <Card title="Models by health" description="Health of each model's live version, split by criticality.">
          <HealthByCriticalityChart data={data.healthByCriticality} />
        </Card>
      </div>
      <OwnershipWarnings data={data.warnings} />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card
          title="Time in stage"
          description={`Median and 90th percentile days per stage, for stays that ended in the last ${tis.windowDays} days (count in brackets). Time live before being replaced: median ${fmtDays(monitoring?.medianDays ?? null)}, p90 ${fmtDays(monitoring?.p90Days ?? null)} (${monitoring?.count ?? 0}).`}
        >
          <TimeInStageChart data={tis.stages} windowDays={tis.windowDays} />
        </Card>
        <Card
          title="Lead time, Design to Monitoring"
          description={`${tis.leadTime.count} version${tis.leadTime.count === 1 ? "" : "s"} went live in the last ${tis.windowDays} days · median ${fmtDays(tis.leadTime.medianDays)}, p90 ${fmtDays(tis.leadTime.p90Days)}. Bars: median per week of go-live.`}
        >
          <LeadTimeChart
            buckets={tis.leadTime.buckets}
            medianDays={tis.leadTime.medianDays}
            windowDays={tis.windowDays}
          />
        </Card>
      </div>
      <OwnershipMatrix teams={data.matrix} />
      <Card title="Models by furthest stage" description="Where each model's most advanced version stands.">
        <StageFunnelChart data={data.modelsByStage} unit="models" />
      </Card>
      <Card title="Live models" description="Models with a version in production, worst health first.">
        {data.live.length === 0 ? (
          <p className="text-sm text-slate-500">
            No model is live yet. Versions reach production through the DEPLOYMENT gate.
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="live-models">
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="py-2 pr-4 font-medium">Model</th>
                  <th className="py-2 pr-4 font-medium">Criticality</th>
                  <th className="py-2 pr-4 font-medium">Health</th>
                  <th className="py-2 pr-4 font-medium">Why</th>
                  <th className="py-2 pr-4 font-medium">Live</th>
                  <th className="py-2 pr-4 font-medium">DS owner</th>
                  <th className="py-2 font-medium">IT owner</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.live.map((m) => (
                  <tr key={m.id}>
                    <td className="py-2 pr-4">
                      <div className="font-medium text-slate-900">{m.title}</div>
                      <div className="font-mono text-xs text-slate-500">{m.slug}</div>
                    </td>
                    <td className="py-2 pr-4">
                      <CriticalityBadge criticality={m.criticality} />
                    </td>
                    <td className="py-2 pr-4">
                      <HealthBadge health={m.health} />
                    </td>
                    <td className="py-2 pr-4 text-xs text-slate-600">
                      {m.reasons.length ? m.reasons.map((r) => r.message).join("; ") : "Within thresholds"}
                    </td>
                    <td className="py-2 pr-4 tabular-nums">{m.liveVersion ? `v${m.liveVersion}` : "—"}</td>
                    <td className="py-2 pr-4">{m.dsOwner}</td>
                    <td className="py-2">{m.itOwner ?? <span className="font-medium text-rose-700">None</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
