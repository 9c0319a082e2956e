import { describe, expect, it } from "vitest";
import {
  canCancelHandoff,
  canDecideHandoff,
  canOpenHandoff,
  checklistProblems,
  checkReceiver,
  HANDOFF_STATUSES,
  handoffFromUserId,
  nextHandoffStatus,
  ownershipAfterAcceptance,
  type THandoffAction,
} from "./handoff";

const FULL = {
  runbook: "https://wiki.example.com/runbooks/churn",
  monitoringAgreed: "AUC < 0.75 pages on-call",
  rollbackPlan: "Roll back from the model page",
  retrainingStrategy: "Monthly",
  onCall: "#ml-oncall",
  knownLimitations: "Not for B2B customers",
};

describe("checklistProblems", () => {
  it("accepts a complete checklist", () => {
    expect(checklistProblems(FULL)).toEqual([]);
  });

  it("reports every unanswered item by key, in checklist order", () => {
    expect(checklistProblems({}).map((p) => p.key)).toEqual([
      "runbook",
      "monitoringAgreed",
      "rollbackPlan",
      "retrainingStrategy",
      "onCall",
      "knownLimitations",
    ]);
    expect(checklistProblems({ ...FULL, onCall: "   ", rollbackPlan: "" }).map((p) => p.key)).toEqual([
      "rollbackPlan",
      "onCall",
    ]);
    expect(checklistProblems({ ...FULL, retrainingStrategy: 42 }).map((p) => p.key)).toEqual(["retrainingStrategy"]);
  });

  it.each([
    ["wiki page", false],
    ["ftp://files.example.com/runbook", false],
    ["javascript:alert(1)", false],
    ["https://", false],
    ["http://intranet/runbooks/x", true],
    ["https://wiki.example.com/a?b=c#d", true],
  ])("runbook %s → valid %s", (runbook, valid) => {
    const problems = checklistProblems({ ...FULL, runbook });
    expect(problems.length === 0).toBe(valid);
    if (!valid) expect(problems[0]!.message).toMatch(/http\(s\) URL/);
  });

  it("limits answers to 2,000 characters", () => {
    expect(checklistProblems({ ...FULL, knownLimitations: "x".repeat(2001) })).toEqual([
      { key: "knownLimitations", message: "At most 2000 characters." },
    ]);
    expect(checklistProblems({ ...FULL, knownLimitations: "x".repeat(2000) })).toEqual([]);
  });
});

describe("status machine", () => {
  const expected: Record<string, string | null> = {
    "PROPOSED ACCEPT": "ACCEPTED",
    "PROPOSED DECLINE": "DECLINED",
    "PROPOSED CANCEL": "CANCELLED",
  };
  for (const status of HANDOFF_STATUSES) {
    for (const action of ["ACCEPT", "DECLINE", "CANCEL"] as THandoffAction[]) {
      it(`${status} + ${action} → ${expected[`${status} ${action}`] ?? "refused"}`, () => {
        expect(nextHandoffStatus(status, action)).toBe(expected[`${status} ${action}`] ?? null);
      });
    }
  }
});

const owners = { teamId: "team-ds", dsOwnerId: "ds", itOwnerId: null as string | null };
const live = { ...owners, archived: false, hasHadProductionDeployment: true };
const ds = { userId: "ds", roles: ["DATA_SCIENTIST"] as const };
const it1 = { userId: "it1", roles: ["IT_OPS"] as const };
const admin = { userId: "admin", roles: ["ADMIN"] as const };
const peer = { userId: "ds2", roles: ["DATA_SCIENTIST"] as const };

describe("canOpenHandoff", () => {
  it("DS → IT: the data-science owner or an admin, after a production deployment", () => {
    expect(canOpenHandoff(ds, live, "DS_TO_IT")).toEqual({ ok: true });
    expect(canOpenHandoff(admin, live, "DS_TO_IT")).toEqual({ ok: true });
    expect(canOpenHandoff(peer, live, "DS_TO_IT")).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(canOpenHandoff(it1, live, "DS_TO_IT")).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(canOpenHandoff(ds, { ...live, hasHadProductionDeployment: false }, "DS_TO_IT")).toMatchObject({
      ok: false,
      code: "CONFLICT",
      path: "direction",
    });
    expect(canOpenHandoff(admin, { ...live, hasHadProductionDeployment: false }, "DS_TO_IT")).toMatchObject({
      ok: false,
      code: "CONFLICT",
    });
  });

  it("IT → DS: the IT owner or an admin (no IT owner: admins only)", () => {
    const withIt = { ...live, itOwnerId: "it1" };
    expect(canOpenHandoff(it1, withIt, "IT_TO_DS")).toEqual({ ok: true });
    expect(canOpenHandoff(admin, live, "IT_TO_DS")).toEqual({ ok: true });
    expect(canOpenHandoff(ds, withIt, "IT_TO_DS")).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(canOpenHandoff({ userId: "it2", roles: ["IT_OPS"] }, withIt, "IT_TO_DS")).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(canOpenHandoff(it1, live, "IT_TO_DS")).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("nobody hands over an archived model", () => {
    expect(canOpenHandoff(admin, { ...live, archived: true }, "DS_TO_IT")).toMatchObject({
      ok: false,
      code: "CONFLICT",
    });
  });
});

describe("checkReceiver", () => {
  const person = (id: string, roles: ("DATA_SCIENTIST" | "IT_OPS" | "MANAGER" | "ADMIN")[], active = true) => ({
    id,
    roles,
    active,
    teamId: null,
  });
  it.each([
    ["an active IT operator", "DS_TO_IT", person("it1", ["IT_OPS"]), null],
    ["an active data scientist", "IT_TO_DS", person("ds2", ["DATA_SCIENTIST"]), null],
    ["nobody", "DS_TO_IT", null, "No user with this id."],
    ["a deactivated IT operator", "DS_TO_IT", person("it1", ["IT_OPS"], false), "The receiver is deactivated."],
    ["a manager", "DS_TO_IT", person("m", ["MANAGER"]), "The receiver must be in IT operations."],
    ["an admin without the IT role", "DS_TO_IT", person("a", ["ADMIN"]), "The receiver must be in IT operations."],
    ["an IT operator for IT → DS", "IT_TO_DS", person("it1", ["IT_OPS"]), "The receiver must be a data scientist."],
    ["the current IT owner", "DS_TO_IT", person("it0", ["IT_OPS"]), "This person is already the IT owner."],
    [
      "the current DS owner",
      "IT_TO_DS",
      person("ds", ["DATA_SCIENTIST"]),
      "This person is already the data-science owner.",
    ],
    [
      "the DS owner who is also in IT",
      "DS_TO_IT",
      person("ds", ["DATA_SCIENTIST", "IT_OPS"]),
      "The data-science owner cannot also be the IT owner: one person would hold every role.",
    ],
    [
      "the IT owner who is also a data scientist",
      "IT_TO_DS",
      person("it0", ["IT_OPS", "DATA_SCIENTIST"]),
      "The IT owner cannot also be the data-science owner: one person would hold every role.",
    ],
  ] as const)("%s", (_label, direction, receiver, message) => {
    const r = checkReceiver({ ...owners, itOwnerId: "it0" }, direction, "proposer", receiver);
    if (message === null) expect(r).toEqual({ ok: true });
    else expect(r).toEqual({ ok: false, code: "INVALID", path: "toUserId", message });
  });

  it("refuses the proposer as receiver", () => {
    expect(
      checkReceiver(owners, "DS_TO_IT", "x", { id: "x", roles: ["IT_OPS", "ADMIN"], active: true, teamId: null }),
    ).toMatchObject({ ok: false, message: "You cannot hand a model to yourself." });
  });
});

describe("canDecideHandoff and canCancelHandoff", () => {
  const h = { status: "PROPOSED" as const, toUserId: "it1", direction: "DS_TO_IT" as const, proposedById: "ds" };
  it("only the receiver accepts or declines", () => {
    expect(canDecideHandoff(it1, h, "ACCEPT")).toEqual({ ok: true });
    expect(canDecideHandoff(it1, h, "DECLINE")).toEqual({ ok: true });
    for (const other of [ds, admin, { userId: "it2", roles: ["IT_OPS"] as const }]) {
      expect(canDecideHandoff(other, h, "ACCEPT")).toMatchObject({ ok: false, code: "FORBIDDEN" });
      expect(canDecideHandoff(other, h, "DECLINE")).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
  });

  it("refuses a decided handoff and a receiver who lost the role", () => {
    expect(canDecideHandoff(it1, { ...h, status: "ACCEPTED" }, "ACCEPT")).toMatchObject({
      ok: false,
      code: "CONFLICT",
      message: "The handoff is already accepted.",
    });
    expect(canDecideHandoff(it1, { ...h, status: "CANCELLED" }, "DECLINE")).toMatchObject({
      ok: false,
      code: "CONFLICT",
    });
    expect(canDecideHandoff({ userId: "it1", roles: ["MANAGER"] }, h, "ACCEPT")).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(canDecideHandoff({ userId: "it1", roles: ["MANAGER"] }, h, "DECLINE")).toEqual({ ok: true });
  });

  it("the proposer or an admin cancels, while proposed", () => {
    expect(canCancelHandoff(ds, h)).toEqual({ ok: true });
    expect(canCancelHandoff(admin, h)).toEqual({ ok: true });
    expect(canCancelHandoff(it1, h)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(canCancelHandoff(ds, { ...h, status: "DECLINED" })).toMatchObject({ ok: false, code: "CONFLICT" });
  });
});

describe("ownership after acceptance", () => {
  it("DS → IT makes the receiver IT owner and keeps the rest", () => {
    expect(
      ownershipAfterAcceptance(
        { teamId: "t", dsOwnerId: "ds", itOwnerId: null },
        { direction: "DS_TO_IT", toUserId: "it1", toTeamId: "platform" },
      ),
    ).toEqual({ teamId: "t", dsOwnerId: "ds", itOwnerId: "it1" });
    expect(
      ownershipAfterAcceptance(
        { teamId: "t", dsOwnerId: "ds", itOwnerId: "old" },
        { direction: "DS_TO_IT", toUserId: "it1", toTeamId: null },
      ),
    ).toEqual({ teamId: "t", dsOwnerId: "ds", itOwnerId: "it1" });
  });

  it("IT → DS makes the receiver DS owner, moves the model to their team, keeps the IT owner", () => {
    expect(
      ownershipAfterAcceptance(
        { teamId: "t", dsOwnerId: "gone", itOwnerId: "it1" },
        { direction: "IT_TO_DS", toUserId: "ds2", toTeamId: "t2" },
      ),
    ).toEqual({ teamId: "t2", dsOwnerId: "ds2", itOwnerId: "it1" });
    expect(
      ownershipAfterAcceptance(
        { teamId: "t", dsOwnerId: "gone", itOwnerId: "it1" },
        { direction: "IT_TO_DS", toUserId: "ds2", toTeamId: null },
      ),
    ).toEqual({ teamId: "t", dsOwnerId: "ds2", itOwnerId: "it1" });
  });

  it("the from-user is the holder of the role handed over, else the proposer", () => {
    expect(handoffFromUserId({ teamId: "t", dsOwnerId: "ds", itOwnerId: null }, "DS_TO_IT", "admin")).toBe("ds");
    expect(handoffFromUserId({ teamId: "t", dsOwnerId: "ds", itOwnerId: "it1" }, "IT_TO_DS", "admin")).toBe("it1");
    expect(handoffFromUserId({ teamId: "t", dsOwnerId: "ds", itOwnerId: null }, "IT_TO_DS", "admin")).toBe("admin");
  });
});
