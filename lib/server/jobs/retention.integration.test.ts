import { describe, expect, it } from "vitest";
import { createCast, createTestModel, createTestWebhook, enqueueTestDelivery } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/test-db";
import { insertMetricPoints } from "../monitoring/insert-metric-points";
import { RETENTION_BATCH, runRetention } from "./retention";

const db = useTestDatabase();
const DAY = 86_400_000;

describe("retention", () => {
  it("deletes old raw points (rollups stay), stale idempotency keys and old delivered outbox rows; never the audit log", async () => {
    const now = new Date();
    const cast = await createCast(db.prisma);
    const { versions } = await createTestModel(db.prisma, {
      teamId: cast.team.id,
      dsOwnerId: cast.ds.user.id,
      versions: [{ stage: "MONITORING", production: true }],
    });
    const v = versions[0]!.id;
    // More old points than one batch, so the pass loops; a few recent ones that must stay.
    const old = Array.from({ length: RETENTION_BATCH + 7 }, (_, i) => ({
      versionId: v,
      environment: "production",
      name: "auc",
      value: 0.8,
      ts: new Date(now.getTime() - 401 * DAY - i * 1000),
    }));
    const recent = Array.from({ length: 5 }, (_, i) => ({
      versionId: v,
      environment: "production",
      name: "auc",
      value: 0.9,
      ts: new Date(now.getTime() - 399 * DAY - i * 1000),
    }));
    await db.prisma.$transaction((tx) => insertMetricPoints(tx, [...old, ...recent]), { timeout: 60_000 });
    const rollupsBefore = await db.prisma.metricRollup.findMany({ orderBy: { hour: "asc" } });
    expect(rollupsBefore.length).toBeGreaterThan(0);

    await db.prisma.idempotencyKey.createMany({
      data: [
        {
          scope: "s",
          key: "old",
          requestHash: "h",
          status: 201,
          response: {},
          createdAt: new Date(now.getTime() - 25 * 3_600_000),
        },
        {
          scope: "s",
          key: "new",
          requestHash: "h",
          status: 201,
          response: {},
          createdAt: new Date(now.getTime() - 23 * 3_600_000),
        },
      ],
    });

    const hook = await createTestWebhook(db.prisma, { url: "http://127.0.0.1:9/x" });
    const delivered = await enqueueTestDelivery(db.prisma, hook.id);
    const deliveredRecently = await enqueueTestDelivery(db.prisma, hook.id);
    const failed = await enqueueTestDelivery(db.prisma, hook.id);
    const pending = await enqueueTestDelivery(db.prisma, hook.id);
    const longAgo = new Date(now.getTime() - 31 * DAY);
    await db.prisma.webhookDelivery.update({
      where: { id: delivered.deliveryId },
      data: { status: "SUCCEEDED", attempts: 2, completedAt: longAgo },
    });
    await db.prisma.deliveryAttempt.createMany({
      data: [1, 2].map((n) => ({
        deliveryId: delivered.deliveryId,
        attemptNo: n,
        durationMs: 5,
        statusCode: n === 2 ? 200 : 500,
      })),
    });
    await db.prisma.webhookDelivery.update({
      where: { id: deliveredRecently.deliveryId },
      data: { status: "SUCCEEDED", attempts: 1, completedAt: new Date(now.getTime() - 29 * DAY) },
    });
    await db.prisma.webhookDelivery.update({
      where: { id: failed.deliveryId },
      data: { status: "FAILED", attempts: 8, completedAt: longAgo },
    });
    await db.prisma.outboxEvent.updateMany({
      where: { id: { in: [delivered.eventId, deliveredRecently.eventId, failed.eventId, pending.eventId] } },
      data: { createdAt: longAgo },
    });
    const orphanEvent = await db.prisma.outboxEvent.create({
      data: { type: "model.created", payload: {}, createdAt: longAgo },
    });
    const auditBefore = await db.prisma.auditEvent.count();

    const counts = await runRetention({ policy: { pointsDays: 400, idempotencyHours: 24, deliveriesDays: 30 } });
    expect(counts).toEqual({
      metricPoints: old.length,
      idempotencyKeys: 1,
      deliveries: 1,
      deliveryAttempts: 2,
      outboxEvents: 2,
    });

    expect(await db.prisma.metricPoint.count({ where: { versionId: v } })).toBe(recent.length);
    expect(await db.prisma.metricRollup.findMany({ orderBy: { hour: "asc" } })).toEqual(rollupsBefore);
    expect((await db.prisma.idempotencyKey.findMany()).map((k) => k.key)).toEqual(["new"]);
    expect(await db.prisma.webhookDelivery.findUnique({ where: { id: delivered.deliveryId } })).toBeNull();
    expect(await db.prisma.deliveryAttempt.count({ where: { deliveryId: delivered.deliveryId } })).toBe(0);
    for (const keep of [deliveredRecently, failed, pending])
      expect(await db.prisma.webhookDelivery.findUnique({ where: { id: keep.deliveryId } })).not.toBeNull();
    expect(await db.prisma.outboxEvent.findUnique({ where: { id: orphanEvent.id } })).toBeNull();
    expect(await db.prisma.outboxEvent.findUnique({ where: { id: failed.eventId } })).not.toBeNull();
    expect(await db.prisma.auditEvent.count()).toBe(auditBefore);

    // Idempotent: a second pass finds nothing more.
    expect(await runRetention({ policy: { pointsDays: 400, idempotencyHours: 24, deliveriesDays: 30 } })).toEqual({
      metricPoints: 0,
      idempotencyKeys: 0,
      deliveries: 0,
      deliveryAttempts: 0,
      outboxEvents: 0,
    });
    // Configurable: a shorter point retention deletes the recent ones too.
    expect(
      (await runRetention({ policy: { pointsDays: 1, idempotencyHours: 24, deliveriesDays: 30 } })).metricPoints,
    ).toBe(recent.length);
  });
});
