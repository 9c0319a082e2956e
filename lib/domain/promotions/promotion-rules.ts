import type { TActor, TRole } from "../rbac/permissions";
import { LIFECYCLE, nextStage, type TStage } from "../lifecycle/stages";

/**
 * The stage machine (DESIGN.md 2.2) as pure rules. A forward move goes one stage at a time and is a
 * request judged by its gate; ARCHIVED is reachable from every other stage and applies at once
 * (retiring a model needs no gate, but a version live in production cannot be archived — roll back or
 * replace it first). Nothing moves backwards here: rollback is a deployment action, not a stage request.
 */
export type TPromotionRequestKind = "promotion" | "archive";

export type TPromotionRequestCheck =
  | { ok: true; kind: TPromotionRequestKind }
  | { ok: false; code: "INVALID_TRANSITION" | "NOT_ALLOWED"; message: string };

/** Who may ask for each target stage. Admins may ask for anything. */
export const REQUESTER_ROLES: Record<Exclude<TStage, "DESIGN">, readonly TRole[]> = {
  INDUSTRIALIZATION: ["DATA_SCIENTIST", "ADMIN"],
  UAT: ["DATA_SCIENTIST", "ADMIN"],
  DEPLOYMENT: ["DATA_SCIENTIST", "IT_OPS", "ADMIN"],
  MONITORING: ["DATA_SCIENTIST", "IT_OPS", "ADMIN"],
  ARCHIVED: ["DATA_SCIENTIST", "IT_OPS", "ADMIN"],
};

export function promotionRequestKind(from: TStage, to: TStage): TPromotionRequestKind | null {
  if (from === "ARCHIVED") return null;
  if (to === "ARCHIVED") return "archive";
  return nextStage(from) === to ? "promotion" : null;
}

/** Is `from → to` a move the lifecycle allows, and may this actor ask for it? */
export function checkPromotionRequest(actor: Pick<TActor, "roles">, from: TStage, to: TStage): TPromotionRequestCheck {
  const kind = promotionRequestKind(from, to);
  if (!kind) {
    const expected =
      from === "ARCHIVED"
        ? "an archived version cannot move"
        : `from ${from} the next stage is ${nextStage(from) ?? "none"} (or ARCHIVED)`;
    return { ok: false, code: "INVALID_TRANSITION", message: `${from} → ${to} is not allowed: ${expected}.` };
  }
  const allowed = REQUESTER_ROLES[to as Exclude<TStage, "DESIGN">];
  if (!actor.roles.some((r) => allowed.includes(r))) {
    return {
      ok: false,
      code: "NOT_ALLOWED",
      message: `Requesting ${to} needs one of the roles ${allowed.join(", ")}.`,
    };
  }
  return { ok: true, kind };
}

/** Every (from, to) pair the machine allows, for documentation and tests. */
export function allowedStageMoves(): [TStage, TStage][] {
  const out: [TStage, TStage][] = [];
  for (const from of LIFECYCLE) {
    const n = nextStage(from);
    if (n) out.push([from, n]);
    out.push([from, "ARCHIVED"]);
  }
  return out;
}

export type TRequestOutcome = "REJECTED" | "CANCELLED" | "APPLIED";

/**
 * What a closed request leaves behind: the version's stage and status. Rejected and cancelled requests
 * leave the version where it was (a rejection is marked so the owner sees it); an applied one moves it.
 */
export function afterRequest(
  outcome: TRequestOutcome,
  from: TStage,
  to: TStage,
): { stage: TStage; status: "READY" | "REJECTED" } {
  switch (outcome) {
    case "APPLIED":
      return { stage: to, status: "READY" };
    case "REJECTED":
      return { stage: from, status: "REJECTED" };
    case "CANCELLED":
      return { stage: from, status: "READY" };
  }
}
