import type { TRole } from "../rbac/permissions";

/**
 * Ownership handoffs (DESIGN.md 2.4) as pure rules: the checklist, the status machine, who may do what,
 * and what ownership becomes once a handoff is accepted.
 *
 * A handoff hands over exactly one role, named by its direction:
 * - DS_TO_IT: the receiver (an IT operator) becomes the model's IT owner; the data-science owner stays.
 *   Proposed by the data-science owner once the model has had a production deployment.
 * - IT_TO_DS: the receiver (a data scientist) becomes the model's data-science owner, and the owning team
 *   follows them when they belong to one; the IT owner stays (the model keeps running). Proposed by the
 *   IT owner — typically when the data-science owner left.
 * Administrators may propose either direction (for an owner who left), but never accept for someone else.
 */
export const HANDOFF_DIRECTIONS = ["DS_TO_IT", "IT_TO_DS"] as const;
export type THandoffDirection = (typeof HANDOFF_DIRECTIONS)[number];

export const HANDOFF_STATUSES = ["PROPOSED", "ACCEPTED", "DECLINED", "CANCELLED"] as const;
export type THandoffStatus = (typeof HANDOFF_STATUSES)[number];

export const DIRECTION_LABELS: Record<THandoffDirection, string> = {
  DS_TO_IT: "Data science → IT",
  IT_TO_DS: "IT → data science",
};

/** The role the receiver must hold, per direction. */
export const RECEIVER_ROLE: Record<THandoffDirection, TRole> = { DS_TO_IT: "IT_OPS", IT_TO_DS: "DATA_SCIENTIST" };

// ───────── checklist ─────────

export const CHECKLIST_ITEMS = [
  { key: "runbook", label: "Runbook link", hint: "URL of the runbook the operators follow (http or https)." },
  {
    key: "monitoringAgreed",
    label: "Monitoring and alert thresholds agreed",
    hint: "Which metrics, which thresholds, who is alerted.",
  },
  { key: "rollbackPlan", label: "Rollback plan", hint: "How to go back to the previous version, and when." },
  { key: "retrainingStrategy", label: "Retraining strategy", hint: "Cadence and triggers (drift, decay)." },
  { key: "onCall", label: "On-call contact", hint: "Rotation, channel or person to call at night." },
  {
    key: "knownLimitations",
    label: "Known limitations",
    hint: "Populations, inputs or uses the model is not validated for.",
  },
] as const;
export type TChecklistKey = (typeof CHECKLIST_ITEMS)[number]["key"];

export const CHECKLIST_ANSWER_MAX = 2000;

/** http(s) URLs only: a runbook must open in a browser. */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname.length > 0;
  } catch {
    return false;
  }
}

export type TChecklistProblem = { key: TChecklistKey; message: string };

/**
 * Every item must be answered (non-blank after trimming, at most 2,000 characters) and the runbook must
 * be an http(s) URL; a handoff cannot be sent until the list is empty.
 */
export function checklistProblems(answers: Partial<Record<string, unknown>>): TChecklistProblem[] {
  const out: TChecklistProblem[] = [];
  for (const item of CHECKLIST_ITEMS) {
    const raw = answers[item.key];
    const value = typeof raw === "string" ? raw.trim() : "";
    if (!value) out.push({ key: item.key, message: `Answer “${item.label}” before sending the handoff.` });
    else if (value.length > CHECKLIST_ANSWER_MAX)
      out.push({ key: item.key, message: `At most ${CHECKLIST_ANSWER_MAX} characters.` });
    else if (item.key === "runbook" && !isHttpUrl(value))
      out.push({
        key: item.key,
        message: "Give the runbook as an http(s) URL, e.g. https://wiki.example.com/runbooks/my-model.",
      });
  }
  return out;
}

// ───────── status machine ─────────

export type THandoffAction = "ACCEPT" | "DECLINE" | "CANCEL";

const TRANSITIONS: Record<THandoffStatus, Partial<Record<THandoffAction, THandoffStatus>>> = {
  PROPOSED: { ACCEPT: "ACCEPTED", DECLINE: "DECLINED", CANCEL: "CANCELLED" },
  ACCEPTED: {},
  DECLINED: {},
  CANCELLED: {},
};

/** PROPOSED → ACCEPTED | DECLINED | CANCELLED; the three outcomes are final. */
export function nextHandoffStatus(status: THandoffStatus, action: THandoffAction): THandoffStatus | null {
  return TRANSITIONS[status][action] ?? null;
}

// ───────── who may do what ─────────

export type THandoffActor = { userId: string; roles: readonly TRole[] };
export type TModelOwners = { teamId: string; dsOwnerId: string; itOwnerId: string | null };
export type TReceiver = { id: string; roles: readonly TRole[]; active: boolean; teamId: string | null };

export type THandoffDecision =
  { ok: true } | { ok: false; code: "FORBIDDEN" | "CONFLICT" | "INVALID"; message: string; path?: string };

const OK: THandoffDecision = { ok: true };
const isAdmin = (a: THandoffActor) => a.roles.includes("ADMIN");

/** May this actor open a handoff in this direction at all (before a receiver is chosen)? */
export function canOpenHandoff(
  actor: THandoffActor,
  model: TModelOwners & { archived: boolean; hasHadProductionDeployment: boolean },
  direction: THandoffDirection,
): THandoffDecision {
  if (model.archived)
    return { ok: false, code: "CONFLICT", message: "The model is archived; its ownership no longer changes." };
  if (direction === "DS_TO_IT") {
    if (actor.userId !== model.dsOwnerId && !isAdmin(actor))
      return {
        ok: false,
        code: "FORBIDDEN",
        message: "Only the model's data-science owner (or an administrator) hands it to IT.",
      };
    if (!model.hasHadProductionDeployment) {
      return {
        ok: false,
        code: "CONFLICT",
        path: "direction",
        message:
          "A model is handed to IT after its first production deployment; this one has never been deployed to production.",
      };
    }
    return OK;
  }
  if (actor.userId !== model.itOwnerId && !isAdmin(actor))
    return {
      ok: false,
      code: "FORBIDDEN",
      message: "Only the model's IT owner (or an administrator) hands it back to data science.",
    };
  return OK;
}

/** The receiver must be active, hold the role the direction hands over, and not hold the other role already. */
export function checkReceiver(
  model: TModelOwners,
  direction: THandoffDirection,
  proposerId: string,
  receiver: TReceiver | null,
): THandoffDecision {
  const role = RECEIVER_ROLE[direction];
  const invalid = (message: string): THandoffDecision => ({ ok: false, code: "INVALID", path: "toUserId", message });
  if (!receiver) return invalid("No user with this id.");
  if (!receiver.active) return invalid("The receiver is deactivated.");
  if (!receiver.roles.includes(role))
    return invalid(
      direction === "DS_TO_IT" ? "The receiver must be in IT operations." : "The receiver must be a data scientist.",
    );
  if (receiver.id === proposerId) return invalid("You cannot hand a model to yourself.");
  if (direction === "DS_TO_IT" && receiver.id === model.itOwnerId)
    return invalid("This person is already the IT owner.");
  if (direction === "IT_TO_DS" && receiver.id === model.dsOwnerId)
    return invalid("This person is already the data-science owner.");
  // Handing one role to the holder of the other would leave one person holding every role (bus factor 1).
  if (direction === "DS_TO_IT" && receiver.id === model.dsOwnerId)
    return invalid("The data-science owner cannot also be the IT owner: one person would hold every role.");
  if (direction === "IT_TO_DS" && receiver.id === model.itOwnerId)
    return invalid("The IT owner cannot also be the data-science owner: one person would hold every role.");
  return OK;
}

/** Only the receiver accepts or declines, while the handoff is proposed, and only while they hold the role. */
export function canDecideHandoff(
  actor: THandoffActor,
  handoff: { status: THandoffStatus; toUserId: string; direction: THandoffDirection },
  action: "ACCEPT" | "DECLINE",
): THandoffDecision {
  if (actor.userId !== handoff.toUserId)
    return { ok: false, code: "FORBIDDEN", message: "Only the receiver of a handoff can accept or decline it." };
  if (!nextHandoffStatus(handoff.status, action))
    return { ok: false, code: "CONFLICT", message: `The handoff is already ${handoff.status.toLowerCase()}.` };
  if (action === "ACCEPT" && !actor.roles.includes(RECEIVER_ROLE[handoff.direction])) {
    return {
      ok: false,
      code: "FORBIDDEN",
      message: `Accepting needs the ${RECEIVER_ROLE[handoff.direction]} role, which you no longer hold.`,
    };
  }
  return OK;
}

/** The proposer or an administrator withdraws a proposed handoff. */
export function canCancelHandoff(
  actor: THandoffActor,
  handoff: { status: THandoffStatus; proposedById: string },
): THandoffDecision {
  if (actor.userId !== handoff.proposedById && !isAdmin(actor))
    return { ok: false, code: "FORBIDDEN", message: "Only the proposer or an administrator can cancel this handoff." };
  if (!nextHandoffStatus(handoff.status, "CANCEL"))
    return { ok: false, code: "CONFLICT", message: `The handoff is already ${handoff.status.toLowerCase()}.` };
  return OK;
}

/** The current holder of the role being handed over (the handoff's "from"); the proposer when nobody holds it. */
export function handoffFromUserId(model: TModelOwners, direction: THandoffDirection, proposerId: string): string {
  return direction === "DS_TO_IT" ? model.dsOwnerId : (model.itOwnerId ?? proposerId);
}

/** Ownership once the handoff is accepted: the one role it hands over changes, nothing else. */
export function ownershipAfterAcceptance(
  current: TModelOwners,
  handoff: { direction: THandoffDirection; toUserId: string; toTeamId: string | null },
): TModelOwners {
  if (handoff.direction === "DS_TO_IT") return { ...current, itOwnerId: handoff.toUserId };
  return { ...current, dsOwnerId: handoff.toUserId, teamId: handoff.toTeamId ?? current.teamId };
}
