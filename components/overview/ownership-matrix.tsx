import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CriticalityBadge, StageBadge } from "@/components/ui/labels";
import type { TMatrixPerson, TMatrixTeam } from "@/lib/domain/overview/ownership-matrix";

function Owner({ person, missing }: { person: TMatrixPerson | null; missing: "bad" | "quiet" }) {
  if (!person)
    return missing === "bad" ? (
      <span className="font-medium text-rose-700">None</span>
    ) : (
      <span className="text-slate-400">not handed off</span>
    );
  return person.active ? (
    <span>{person.name}</span>
  ) : (
    <span className="text-rose-700">
      <s>{person.name}</s> <Badge tone="red">deactivated</Badge>
    </span>
  );
}

/** Teams × models with their data-science and IT owners; production models first within each team. */
export function OwnershipMatrix({ teams }: { teams: TMatrixTeam[] }) {
  const models = teams.reduce((n, t) => n + t.modelCount, 0);
  return (
    <Card
      title="Ownership matrix"
      description={`${models} models across ${teams.length} teams. An IT owner is expected once a model runs in production.`}
    >
      {teams.length === 0 ? (
        <p className="text-sm text-slate-600">No model registered yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="ownership-matrix">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-2 pr-4 font-medium">Team</th>
                <th className="py-2 pr-4 font-medium">Model</th>
                <th className="py-2 pr-4 font-medium">Stage</th>
                <th className="py-2 pr-4 font-medium">Data-science owner</th>
                <th className="py-2 font-medium">IT owner</th>
              </tr>
            </thead>
            {teams.map((t) => (
              <tbody key={t.teamId} className="border-t-2 border-slate-200" data-testid={`matrix-team-${t.teamName}`}>
                {t.models.map((m, i) => (
                  <tr key={m.id} className="border-t border-slate-100" data-testid={`matrix-row-${m.slug}`}>
                    {i === 0 && (
                      <th
                        scope="rowgroup"
                        rowSpan={t.models.length + (t.hidden ? 1 : 0)}
                        className="py-2 pr-4 align-top font-medium text-slate-900"
                      >
                        {t.teamName}
                        <div className="text-xs font-normal text-slate-500">
                          {t.modelCount} models · {t.inProduction} in production
                        </div>
                        {t.withoutItOwner > 0 && (
                          <div className="text-xs font-medium text-rose-700">{t.withoutItOwner} without IT owner</div>
                        )}
                      </th>
                    )}
                    <td className="py-2 pr-4">
                      <Link href={`/models/${m.slug}`} className="font-medium text-brand-700 hover:underline">
                        {m.title}
                      </Link>
                      <div className="flex items-center gap-2 font-mono text-xs text-slate-500">
                        {m.slug}{" "}
                        {m.criticality === "MISSION_CRITICAL" && <CriticalityBadge criticality={m.criticality} />}
                      </div>
                    </td>
                    <td className="py-2 pr-4">
                      {m.stage ? <StageBadge stage={m.stage} /> : <span className="text-slate-400">no version</span>}
                    </td>
                    <td className="py-2 pr-4">
                      <Owner person={m.dsOwner} missing="bad" />
                    </td>
                    <td className="py-2">
                      <Owner person={m.itOwner} missing={m.inProduction ? "bad" : "quiet"} />
                    </td>
                  </tr>
                ))}
                {t.hidden > 0 && (
                  <tr className="border-t border-slate-100">
                    <td colSpan={4} className="py-2 text-xs text-slate-500">
                      {t.models.length} of {t.modelCount} shown ·{" "}
                      <Link href={`/models?teamId=${t.teamId}`} className="text-brand-700 hover:underline">
                        see all {t.teamName} models
                      </Link>
                    </td>
                  </tr>
                )}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </Card>
  );
}
