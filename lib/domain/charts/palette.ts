import type { TStage } from "../lifecycle/stages";
import type { THealth } from "../monitoring/health";

/** Stable colours: the same stage or health level has the same colour on every chart. */
export const STAGE_COLORS: Record<TStage, string> = {
  DESIGN: "#94a3b8",
  INDUSTRIALIZATION: "#60a5fa",
  UAT: "#818cf8",
  DEPLOYMENT: "#a78bfa",
  MONITORING: "#10b981",
  ARCHIVED: "#cbd5e1",
};

export const HEALTH_COLORS: Record<THealth, string> = {
  CRITICAL: "#e11d48",
  WARNING: "#f59e0b",
  HEALTHY: "#10b981",
  UNKNOWN: "#94a3b8",
};

export const CRITICALITY_COLORS = { MISSION_CRITICAL: "#7c3aed", INTERNAL: "#0ea5e9" } as const;

/** Time-in-stage percentiles: one hue, the lighter bar the median, the darker the 90th percentile. */
export const DURATION_COLORS = { median: "#60a5fa", p90: "#1d4ed8" } as const;

/** Lead time to production takes the colour of the stage it ends in. */
export const LEAD_TIME_COLOR = STAGE_COLORS.MONITORING;
