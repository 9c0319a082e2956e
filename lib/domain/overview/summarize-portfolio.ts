import { LIFECYCLE, STAGES, type TStage } from "../lifecycle/stages";
import type { TCriticality } from "../gates/policy";
import type { THealth } from "../monitoring/health";

export type TPortfolioModel = {
  id: string;
  slug: string;
  title: string;
  criticality: TCriticality;
  health: THealth;
  itOwnerId: string | null;
  versionStages: TStage[];
};

export const HEALTH_ORDER: THealth[] = ["CRITICAL", "WARNING", "HEALTHY", "UNKNOWN"];

/** The furthest lifecycle stage any live (non-archived) version has reached; ARCHIVED when all are archived. */
export function furthestStage(stages: TStage[]): TStage | null {
  if (stages.length === 0) return null;
  let best = -1;
  for (const s of stages) best = Math.max(best, LIFECYCLE.indexOf(s));
  return best >= 0 ? LIFECYCLE[best]! : "ARCHIVED";
}

export type TPortfolioSummary = {
  modelCount: number;
  versionCount: number;
  versionsByStage: { stage: TStage; count: number }[];
  modelsByStage: { stage: TStage; count: number }[];
  healthByCriticality: { health: THealth; MISSION_CRITICAL: number; INTERNAL: number }[];
  liveModels: number;
  liveWithoutItOwner: number;
};

/** Counts for the overview; every stage and health level is present (zero included) so charts keep their axes. */
export function summarizePortfolio(models: TPortfolioModel[]): TPortfolioSummary {
  const versionsByStage = new Map<TStage, number>(STAGES.map((s) => [s, 0]));
  const modelsByStage = new Map<TStage, number>(STAGES.map((s) => [s, 0]));
  const health = new Map<THealth, { MISSION_CRITICAL: number; INTERNAL: number }>(
    HEALTH_ORDER.map((h) => [h, { MISSION_CRITICAL: 0, INTERNAL: 0 }]),
  );
  let versionCount = 0;
  let liveModels = 0;
  let liveWithoutItOwner = 0;
  for (const m of models) {
    for (const s of m.versionStages) versionsByStage.set(s, versionsByStage.get(s)! + 1);
    versionCount += m.versionStages.length;
    const stage = furthestStage(m.versionStages);
    if (stage) modelsByStage.set(stage, modelsByStage.get(stage)! + 1);
    health.get(m.health)![m.criticality]++;
    if (m.versionStages.includes("MONITORING")) {
      liveModels++;
      if (!m.itOwnerId) liveWithoutItOwner++;
    }
  }
  return {
    modelCount: models.length,
    versionCount,
    versionsByStage: STAGES.map((stage) => ({ stage, count: versionsByStage.get(stage)! })),
    modelsByStage: STAGES.map((stage) => ({ stage, count: modelsByStage.get(stage)! })),
    healthByCriticality: HEALTH_ORDER.map((h) => ({ health: h, ...health.get(h)! })),
    liveModels,
    liveWithoutItOwner,
  };
}
