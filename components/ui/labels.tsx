import { STAGE_LABELS, type TStage } from "@/lib/domain/lifecycle/stages";
import type { THealth } from "@/lib/domain/monitoring/health";
import { Badge, type BadgeTone } from "./badge";

const HEALTH_TONE: Record<THealth, BadgeTone> = {
  CRITICAL: "red",
  WARNING: "amber",
  HEALTHY: "green",
  UNKNOWN: "slate",
};
const HEALTH_TEXT: Record<THealth, string> = {
  CRITICAL: "Critical",
  WARNING: "Warning",
  HEALTHY: "Healthy",
  UNKNOWN: "Unknown",
};
const STAGE_TONE: Record<TStage, BadgeTone> = {
  DESIGN: "slate",
  INDUSTRIALIZATION: "blue",
  UAT: "violet",
  DEPLOYMENT: "violet",
  MONITORING: "green",
  ARCHIVED: "slate",
};

export function HealthBadge({ health }: { health: THealth }) {
  return <Badge tone={HEALTH_TONE[health]}>{HEALTH_TEXT[health]}</Badge>;
}

export function StageBadge({ stage }: { stage: TStage }) {
  return <Badge tone={STAGE_TONE[stage]}>{STAGE_LABELS[stage]}</Badge>;
}

export function CriticalityBadge({ criticality }: { criticality: "MISSION_CRITICAL" | "INTERNAL" }) {
  return criticality === "MISSION_CRITICAL" ? (
    <Badge tone="violet">Mission-critical</Badge>
  ) : (
    <Badge tone="blue">Internal</Badge>
  );
}
