-- Issue 18: the portfolio read model. The overview's portfolio-wide figures (counts, funnel, health by
-- criticality, warnings, ownership matrix, time in stage, lead time) are computed by a bounded refresh and
-- read as one row, so a page view no longer reads every model, version and stage entry. One row per
-- waiting-days setting (the page uses the default, 5). The refresh claims its row with "refreshingUntil"
-- (a lease: one refresher at a time across instances); no write path touches this table, so it adds no lock.
CREATE TABLE "portfolio_snapshots" (
    "id" TEXT NOT NULL,
    -- The "now" the figures were computed for (null until the first refresh finished).
    "computedAt" TIMESTAMPTZ(3),
    -- The highest audit_events.seq when the refresh began: a later event means the portfolio may have changed.
    "auditSeq" BIGINT NOT NULL DEFAULT 0,
    -- How long the last refresh took: the next one waits at least ten times as long (bounded database share).
    "durationMs" INTEGER NOT NULL DEFAULT 0,
    "data" JSONB,
    "refreshingUntil" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),

    CONSTRAINT "portfolio_snapshots_pkey" PRIMARY KEY ("id")
);

-- "Waiting on you" per person without scanning every pending request: one partial index per role over the
-- pending requests whose gate snapshot still misses an approval by that role, in queue order. The predicate
-- must be written exactly as load-waiting-on-you.ts writes it (the planner matches the expression).
CREATE INDEX "transition_requests_waiting_DATA_SCIENTIST_idx" ON "transition_requests" ("createdAt", "id")
  WHERE "status" = 'PENDING' AND jsonb_path_exists("gateSnapshot", '$.requirements[*] ? ((@.met == false || @.met == "false") && @.key == "approval:DATA_SCIENTIST")');
CREATE INDEX "transition_requests_waiting_IT_OPS_idx" ON "transition_requests" ("createdAt", "id")
  WHERE "status" = 'PENDING' AND jsonb_path_exists("gateSnapshot", '$.requirements[*] ? ((@.met == false || @.met == "false") && @.key == "approval:IT_OPS")');
CREATE INDEX "transition_requests_waiting_MANAGER_idx" ON "transition_requests" ("createdAt", "id")
  WHERE "status" = 'PENDING' AND jsonb_path_exists("gateSnapshot", '$.requirements[*] ? ((@.met == false || @.met == "false") && @.key == "approval:MANAGER")');
CREATE INDEX "transition_requests_waiting_ADMIN_idx" ON "transition_requests" ("createdAt", "id")
  WHERE "status" = 'PENDING' AND jsonb_path_exists("gateSnapshot", '$.requirements[*] ? ((@.met == false || @.met == "false") && @.key == "approval:ADMIN")');
