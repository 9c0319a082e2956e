import "server-only";
import { randomUUID } from "node:crypto";
import { runTransaction } from "@/lib/db/run-transaction";
import type { TActor } from "@/lib/domain/rbac/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { enqueueEvent } from "../webhooks/enqueue-event";
import type { TManifestEntry } from "./version-artifacts";

export type TMismatch = {
  versionId: string;
  modelId: string;
  versionNumber: number;
  digest: string | null;
  file: string;
  key: string;
  reason: string;
  expected: TManifestEntry | null;
  actual: { size: number; sha256: string } | null;
  via: "mlflow" | "api";
};

/** The name of the per-model system rule that integrity alerts hang on (alerts need a rule). */
export const INTEGRITY_RULE_NAME = "Artifact integrity";

/**
 * Stored bytes differ from what was registered (and approved): opens a CRITICAL alert on the model — one
 * unresolved alert at a time, as every rule has — and writes `artifact.digest_mismatch` to the audit log,
 * whoever tried to download. The alert's rule is a system rule of kind ARTIFACT_INTEGRITY, created on first
 * use; the alert evaluator does not judge it (it resolves only when someone acknowledges and fixes the store).
 */
export async function recordDigestMismatch(actor: TActor, m: TMismatch): Promise<void> {
  await runTransaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM models WHERE id = ${m.modelId} FOR UPDATE`;
    const rule =
      (await tx.alertRule.findFirst({
        where: { modelId: m.modelId, kind: "ARTIFACT_INTEGRITY" },
        select: { id: true },
      })) ??
      (await tx.alertRule.create({
        data: {
          modelId: m.modelId,
          name: INTEGRITY_RULE_NAME,
          kind: "ARTIFACT_INTEGRITY",
          config: {},
          severity: "CRITICAL",
          enabled: true,
        },
        select: { id: true },
      }));
    const message = `v${m.versionNumber}: stored artifact '${m.file}' does not match the registered digest (${m.reason}); downloads of it are refused.`;
    const evidence = {
      version: m.versionNumber,
      file: m.file,
      key: m.key,
      reason: m.reason,
      expected: m.expected,
      actual: m.actual,
      digest: m.digest,
    };
    const [row] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO alerts (id, "ruleId", "modelId", "versionId", status, severity, message, evidence, "openedAt")
      VALUES (${randomUUID()}, ${rule.id}, ${m.modelId}, ${m.versionId}, 'OPEN', 'CRITICAL'::"Severity", ${message}, ${JSON.stringify(evidence)}::jsonb, now())
      ON CONFLICT ("ruleId") WHERE status <> 'RESOLVED' DO NOTHING
      RETURNING id`;
    if (row) {
      await appendAuditEvent(tx, {
        actor: { kind: "system", name: "artifact verifier" },
        action: "alert.opened",
        entityType: "alert",
        entityId: row.id,
        modelId: m.modelId,
        after: { ruleId: rule.id, rule: INTEGRITY_RULE_NAME, severity: "CRITICAL", message, versionId: m.versionId },
      });
      await enqueueEvent(tx, "alert.opened", {
        alertId: row.id,
        ruleId: rule.id,
        rule: INTEGRITY_RULE_NAME,
        kind: "ARTIFACT_INTEGRITY",
        severity: "CRITICAL",
        modelId: m.modelId,
        versionId: m.versionId,
        version: m.versionNumber,
        message,
        evidence,
      });
    }
    await appendAuditEvent(tx, {
      actor,
      action: "artifact.digest_mismatch",
      entityType: "version",
      entityId: m.versionId,
      modelId: m.modelId,
      after: {
        file: m.file,
        reason: m.reason,
        expected: m.expected,
        actual: m.actual,
        digest: m.digest,
        alertId: row?.id ?? null,
      },
      metadata: { via: m.via, key: m.key },
    });
  });
}
