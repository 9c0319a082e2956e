-- Issue 15: jobs that must run once per period across every instance sharing the database (scheduled alert
-- evaluation). One row per job: the period last claimed, who holds it until when, and when it finished.
CREATE TABLE "job_leases" (
    "name" TEXT NOT NULL,
    "period" BIGINT NOT NULL,
    "holder" TEXT NOT NULL,
    "leasedUntil" TIMESTAMPTZ(3),
    "doneAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),

    CONSTRAINT "job_leases_pkey" PRIMARY KEY ("name")
);
