import { describe, expect, it } from "vitest";
import { capWarningsPerKind, computeOwnershipWarnings, countWarnings, type TWarningModel } from "./ownership-warnings";

const NOW = new Date("2026-11-23T12:00:00Z");
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

const alice = { id: "alice", name: "Alice", active: true };
const ivan = { id: "ivan", name: "Ivan", active: false };
const david = { id: "david", name: "David", active: true };
const gone = { id: "gone-it", name: "Old IT", active: false };
const dual = { id: "dual", name: "Dual", active: true };

const model = (slug: string, over: Partial<TWarningModel> = {}): TWarningModel => ({
  id: slug,
  slug,
  title: slug.toUpperCase(),
  criticality: "INTERNAL",
  dsOwner: alice,
  itOwner: david,
  inProduction: true,
  ...over,
});

const MODELS: TWarningModel[] = [
  model("healthy"),
  model("no-it", { itOwner: null }),
  model("no-it-mc", { itOwner: null, criticality: "MISSION_CRITICAL" }),
  model("not-live-no-it", { itOwner: null, inProduction: false }),
  model("orphan-ds", { dsOwner: ivan }),
  model("orphan-both", { dsOwner: ivan, itOwner: gone }),
  model("solo", { dsOwner: dual, itOwner: dual }),
  model("solo-gone", { dsOwner: ivan, itOwner: ivan }),
];

describe("computeOwnershipWarnings", () => {
  const warnings = computeOwnershipWarnings({
    models: MODELS,
    handoffs: [
      { id: "h1", modelId: "no-it", proposedAt: ago(6), toName: "David" },
      { id: "h2", modelId: "healthy", proposedAt: ago(5), toName: "David" }, // exactly 5 days: not "longer than"
    ],
    approvals: [
      { id: "r1", modelId: "healthy", versionNumber: 3, toStage: "DEPLOYMENT", createdAt: ago(9.5) },
      { id: "r2", modelId: "solo", versionNumber: 1, toStage: "UAT", createdAt: ago(1) },
      { id: "r3", modelId: "unknown-model", versionNumber: 1, toStage: "UAT", createdAt: ago(30) },
    ],
    now: NOW,
  });
  const keys = warnings.map((w) => `${w.kind} ${w.modelSlug}${w.versionNumber ? ` v${w.versionNumber}` : ""}`);

  it("finds each kind on the crafted portfolio, most serious first", () => {
    expect(keys).toEqual([
      "NO_IT_OWNER no-it-mc", // mission-critical first within a kind
      "NO_IT_OWNER no-it",
      "ORPHANED orphan-both", // two deactivated owners → two warnings
      "ORPHANED orphan-both",
      "ORPHANED orphan-ds",
      "ORPHANED solo-gone", // one person, counted once
      "BUS_FACTOR_1 solo",
      "BUS_FACTOR_1 solo-gone",
      "WAITING healthy v3", // 9 days
      "WAITING no-it", // 6 days
    ]);
  });

  it("says who and how long", () => {
    const noIt = warnings.find((w) => w.modelSlug === "no-it" && w.kind === "NO_IT_OWNER")!;
    expect(noIt.message).toBe("In production with no IT owner; a handoff to David is waiting.");
    expect(warnings.find((w) => w.modelSlug === "no-it-mc")!.message).toBe(
      "In production with no IT owner: propose a handoff to IT.",
    );
    expect(warnings.filter((w) => w.modelSlug === "orphan-both").map((w) => w.message)).toEqual([
      "Ivan (data-science owner) is deactivated.",
      "Old IT (IT owner) is deactivated.",
    ]);
    const waiting = warnings.find((w) => w.kind === "WAITING" && w.modelSlug === "healthy")!;
    expect([waiting.ageDays, waiting.versionNumber, waiting.message]).toEqual([
      9,
      3,
      "v3 waiting 9.5 days for approval to DEPLOYMENT.",
    ]);
    expect(warnings.find((w) => w.kind === "WAITING" && w.modelSlug === "no-it")!.message).toBe(
      "Handoff to David waiting for 6.0 days.",
    );
  });

  it("counts per kind, zeros included", () => {
    expect(countWarnings(warnings)).toEqual({ NO_IT_OWNER: 2, ORPHANED: 4, BUS_FACTOR_1: 2, WAITING: 2 });
    expect(countWarnings([])).toEqual({ NO_IT_OWNER: 0, ORPHANED: 0, BUS_FACTOR_1: 0, WAITING: 0 });
  });

  it("caps each kind, keeping the first (most serious) of each", () => {
    const capped = capWarningsPerKind(warnings, 1);
    expect(capped.map((w) => `${w.kind} ${w.modelSlug}`)).toEqual([
      "NO_IT_OWNER no-it-mc",
      "ORPHANED orphan-both",
      "BUS_FACTOR_1 solo",
      "WAITING healthy",
    ]);
  });

  it("takes N days as a parameter", () => {
    const strict = computeOwnershipWarnings({
      models: [model("healthy")],
      handoffs: [{ id: "h", modelId: "healthy", proposedAt: ago(2), toName: "David" }],
      approvals: [{ id: "r", modelId: "healthy", versionNumber: 1, toStage: "UAT", createdAt: ago(1.5) }],
      now: NOW,
      waitingDays: 1,
    });
    expect(strict.map((w) => [w.kind, w.ageDays])).toEqual([
      ["WAITING", 2],
      ["WAITING", 1],
    ]);
  });

  it("has nothing to say about a well-owned portfolio", () => {
    expect(
      computeOwnershipWarnings({
        models: [model("a"), model("b", { inProduction: false, itOwner: null })],
        handoffs: [],
        approvals: [],
        now: NOW,
      }),
    ).toEqual([]);
  });
});
