import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { TAlertStatus } from "@/lib/domain/alerts/alert-lifecycle";
import type { TSeverity } from "@/lib/domain/alerts/alert-rules";

const SEVERITY_TONE: Record<TSeverity, BadgeTone> = { CRITICAL: "red", WARNING: "amber", INFO: "blue" };
const STATUS_TONE: Record<TAlertStatus, BadgeTone> = { OPEN: "red", ACKNOWLEDGED: "amber", RESOLVED: "green" };

export function SeverityBadge({ severity }: { severity: TSeverity }) {
  return <Badge tone={SEVERITY_TONE[severity]}>{severity.charAt(0) + severity.slice(1).toLowerCase()}</Badge>;
}

export function AlertStatusBadge({ status }: { status: TAlertStatus }) {
  return <Badge tone={STATUS_TONE[status]}>{status.charAt(0) + status.slice(1).toLowerCase()}</Badge>;
}
