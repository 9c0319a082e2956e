/** The lifecycle of DESIGN.md 2.2: forward moves one stage at a time, ARCHIVED from anywhere but itself. */
export const STAGES = ["DESIGN", "INDUSTRIALIZATION", "UAT", "DEPLOYMENT", "MONITORING", "ARCHIVED"] as const;
export type TStage = (typeof STAGES)[number];

export const LIFECYCLE: readonly TStage[] = ["DESIGN", "INDUSTRIALIZATION", "UAT", "DEPLOYMENT", "MONITORING"];

export const STAGE_LABELS: Record<TStage, string> = {
  DESIGN: "Design",
  INDUSTRIALIZATION: "Industrialization",
  UAT: "UAT",
  DEPLOYMENT: "Deployment",
  MONITORING: "Monitoring",
  ARCHIVED: "Archived",
};

/** The next stage forward, or null at the end of the line. */
export function nextStage(stage: TStage): TStage | null {
  const i = LIFECYCLE.indexOf(stage);
  return i >= 0 && i < LIFECYCLE.length - 1 ? LIFECYCLE[i + 1]! : null;
}
