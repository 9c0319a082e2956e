import "server-only";
import { hasRole, type TActor } from "@/lib/domain/rbac/permissions";
import { AppError } from "@/lib/errors";
import {
  ZCreateEnvironmentRequest,
  type TCreateEnvironmentRequest,
  type TEnvironment,
} from "@/lib/schemas/deployments";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePermission } from "../auth/get-actor";
import { runTransaction } from "@/lib/db/run-transaction";

/**
 * Adds an environment (e.g. "load-test", or a second production region). Administrators only: whether an
 * environment is production decides whose data drives health, alerts and rollback. Names are unique (409).
 */
export async function createEnvironment({
  actor,
  input: raw,
}: {
  actor: TActor;
  input: TCreateEnvironmentRequest;
}): Promise<TEnvironment> {
  requirePermission(actor, "deployments:write");
  if (!hasRole(actor, "ADMIN")) throw new AppError("FORBIDDEN", "Only administrators add environments.");
  const input = ZCreateEnvironmentRequest.parse(raw);
  return runTransaction(async (tx) => {
    // Check first rather than catching the unique violation: an error inside a PostgreSQL transaction aborts it.
    if (await tx.environment.findUnique({ where: { name: input.name }, select: { id: true } })) {
      throw new AppError("CONFLICT", `An environment named "${input.name}" exists already.`, {
        errors: [{ path: "name", message: "Already used." }],
      });
    }
    const env = await tx.environment.create({ data: input });
    await appendAuditEvent(tx, {
      actor,
      action: "environment.created",
      entityType: "environment",
      entityId: env.id,
      after: input,
    });
    return {
      id: env.id,
      name: env.name,
      description: env.description,
      isProduction: env.isProduction,
      activeDeployments: 0,
      createdAt: env.createdAt.toISOString(),
    };
  });
}
