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
