import type { TCriticality } from "../gates/policy";
import type { TStage } from "../lifecycle/stages";

export type TMatrixPerson = { id: string; name: string; active: boolean };

export type TMatrixModel = {
  id: string;
  slug: string;
  title: string;
  criticality: TCriticality;
  teamId: string;
  teamName: string;
  /** The furthest stage of the model's versions; null without versions. */
  stage: TStage | null;
  inProduction: boolean;
  dsOwner: TMatrixPerson;
  itOwner: TMatrixPerson | null;
};

export type TMatrixTeam = {
  teamId: string;
  teamName: string;
  modelCount: number;
  inProduction: number;
  /** Models in production without an IT owner. */
  withoutItOwner: number;
  /** The first `cap` models: in production first, then by name. */
  models: TMatrixModel[];
  /** Models left out by the cap ("N of M"). */
  hidden: number;
};

export const MATRIX_CAP_PER_TEAM = 12;

/**
 * Teams × models with their data-science and IT owners, teams by name. Each team shows at most `cap`
 * models — production ones first, since ownership matters most there — and says how many it left out.
 */
export function buildOwnershipMatrix(models: readonly TMatrixModel[], cap = MATRIX_CAP_PER_TEAM): TMatrixTeam[] {
  const byTeam = new Map<string, TMatrixModel[]>();
  for (const m of models) {
    const list = byTeam.get(m.teamId);
    if (list) list.push(m);
    else byTeam.set(m.teamId, [m]);
  }
  return [...byTeam.values()]
    .map((list) => {
      const sorted = [...list].sort(
        (a, b) => Number(b.inProduction) - Number(a.inProduction) || a.slug.localeCompare(b.slug),
      );
      return {
        teamId: sorted[0]!.teamId,
        teamName: sorted[0]!.teamName,
        modelCount: sorted.length,
        inProduction: sorted.filter((m) => m.inProduction).length,
        withoutItOwner: sorted.filter((m) => m.inProduction && !m.itOwner).length,
        models: sorted.slice(0, cap),
        hidden: Math.max(0, sorted.length - cap),
      };
    })
    .sort((a, b) => a.teamName.localeCompare(b.teamName) || a.teamId.localeCompare(b.teamId));
}
