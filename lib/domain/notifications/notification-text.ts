/**
 * What each in-app notification says and where it leads (issue 17). Pure: the use cases pass the facts they
 * already hold, these decide the words, the link and who is told. Nobody is told about their own action.
 */

export const NOTIFICATION_KINDS = [
  "promotion_decided",
  "handoff_proposed",
  "handoff_answered",
  "alert_opened",
  "retraining_requested",
] as const;
export type TNotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type TNotificationDraft = { kind: TNotificationKind; title: string; body: string; link: string };

const STAGE_WORDS: Record<string, string> = {
  DESIGN: "Design",
  INDUSTRIALIZATION: "Industrialization",
  UAT: "UAT",
  DEPLOYMENT: "Deployment",
  MONITORING: "Monitoring",
  ARCHIVED: "Archived",
};
const versionLink = (slug: string, version: number) => `/models/${encodeURIComponent(slug)}/versions/${version}`;
const cut = (s: string, n = 280) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The requester learns of each decision on their request: who, which way, and whether the move happened. */
export function promotionDecidedText(o: {
  modelSlug: string;
  version: number;
  toStage: string;
  decision: "APPROVE" | "REJECT";
  approverName: string;
  outcome: "APPLIED" | "REJECTED" | "PENDING";
  comment: string;
}): TNotificationDraft {
  const what = `${o.modelSlug} v${o.version} → ${STAGE_WORDS[o.toStage] ?? o.toStage}`;
  const title =
    o.decision === "REJECT"
      ? `${o.approverName} rejected ${what}`
      : o.outcome === "APPLIED"
        ? `${o.approverName} approved ${what}: promoted`
        : `${o.approverName} approved ${what}; more approvals needed`;
  return { kind: "promotion_decided", title, body: cut(o.comment), link: versionLink(o.modelSlug, o.version) };
}

export function handoffProposedText(o: {
  modelSlug: string;
  proposerName: string;
  direction: "DS_TO_IT" | "IT_TO_DS" | string;
}): TNotificationDraft {
  const to = o.direction === "DS_TO_IT" ? "IT ownership" : "data-science ownership";
  return {
    kind: "handoff_proposed",
    title: `${o.proposerName} hands ${o.modelSlug} over to you (${to})`,
    body: "Review the checklist and accept or decline.",
    link: "/handoffs",
  };
}

export function handoffAnsweredText(o: {
  modelSlug: string;
  receiverName: string;
  accepted: boolean;
  reason?: string;
}): TNotificationDraft {
  return {
    kind: "handoff_answered",
    title: `${o.receiverName} ${o.accepted ? "accepted" : "declined"} the handoff of ${o.modelSlug}`,
    body: cut(o.reason ?? ""),
    link: `/models/${encodeURIComponent(o.modelSlug)}`,
  };
}

export function alertOpenedText(o: {
  modelId: string;
  modelSlug: string;
  rule: string;
  severity: string;
  message: string;
}): TNotificationDraft {
  return {
    kind: "alert_opened",
    title: `${o.severity === "CRITICAL" ? "Critical" : "Warning"} alert on ${o.modelSlug}: ${o.rule}`,
    body: cut(o.message),
    link: `/alerts?modelId=${encodeURIComponent(o.modelId)}`,
  };
}

export function retrainingRequestedText(o: { modelSlug: string; rule: string }): TNotificationDraft {
  return {
    kind: "retraining_requested",
    title: `Retraining requested for ${o.modelSlug}`,
    body: `Opened by the alert "${o.rule}".`,
    link: `/models/${encodeURIComponent(o.modelSlug)}`,
  };
}

/**
 * Stands for the model's slug in drafts written by paths that know only the model id (alert evaluation,
 * retraining): the insert that fans the notification out to the model's owners fills it in from the models row.
 */
export const MODEL_PLACEHOLDER = "{model}";

/** Recipients: distinct ids, without the person who acted (nobody is notified of their own action). */
export function recipientsOf(
  ids: readonly (string | null | undefined)[],
  actorId: string | null | undefined,
): string[] {
  return [...new Set(ids.filter((x): x is string => !!x && x !== actorId))];
}
