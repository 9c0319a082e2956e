import "server-only";
import type { THandoff } from "@/lib/schemas/handoffs";

const PERSON = { select: { id: true, name: true, active: true } } as const;
const TEAM = { select: { id: true, name: true } } as const;

export const HANDOFF_DTO_SELECT = {
  id: true,
  modelId: true,
  model: { select: { slug: true, title: true } },
  direction: true,
  status: true,
  fromUser: PERSON,
  toUser: PERSON,
  proposedBy: PERSON,
  fromTeam: TEAM,
  toTeam: TEAM,
  checklist: true,
  message: true,
  reason: true,
  proposedAt: true,
  decidedAt: true,
} as const;

type Person = { id: string; name: string; active: boolean };
type Row = {
  id: string;
  modelId: string;
  model: { slug: string; title: string };
  direction: THandoff["direction"];
  status: THandoff["status"];
  fromUser: Person;
  toUser: Person;
  proposedBy: Person | null;
  fromTeam: { id: string; name: string } | null;
  toTeam: { id: string; name: string } | null;
  checklist: unknown;
  message: string;
  reason: string;
  proposedAt: Date;
  decidedAt: Date | null;
};

/** Only string answers leave the database: the checklist column is JSON written by us or by the seed. */
function toChecklist(raw: unknown): Record<string, string> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return {};
  return Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === "string"));
}

export function toHandoffDto(h: Row): THandoff {
  return {
    id: h.id,
    modelId: h.modelId,
    modelSlug: h.model.slug,
    modelTitle: h.model.title,
    direction: h.direction,
    status: h.status,
    from: h.fromUser,
    to: h.toUser,
    // Null on seeded rows: the from-user proposed them.
    proposedBy: h.proposedBy ?? h.fromUser,
    fromTeam: h.fromTeam,
    toTeam: h.toTeam,
    checklist: toChecklist(h.checklist),
    message: h.message,
    reason: h.reason,
    proposedAt: h.proposedAt.toISOString(),
    decidedAt: h.decidedAt?.toISOString() ?? null,
  };
}
