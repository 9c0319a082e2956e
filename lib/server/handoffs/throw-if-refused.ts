import "server-only";
import type { THandoffDecision } from "@/lib/domain/handoffs/handoff";
import { AppError } from "@/lib/errors";

const CODES = { FORBIDDEN: "FORBIDDEN", CONFLICT: "CONFLICT", INVALID: "VALIDATION_FAILED" } as const;

/** Turns a refusal of the handoff rules into the one error type, naming the field when there is one. */
export function throwIfRefused(decision: THandoffDecision): void {
  if (decision.ok) return;
  throw new AppError(
    CODES[decision.code],
    decision.message,
    decision.path ? { errors: [{ path: decision.path, message: decision.message }] } : {},
  );
}
