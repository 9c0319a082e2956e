-- Counters of rate-limiter-flexible's PostgreSQL store (issue 16): sign-in failures per account and per IP,
-- API writes per token. The library's own table layout; keys are hashed to a fixed length. Expired rows are
-- deleted by the library (rows expired an hour ago, every 5 minutes).
CREATE TABLE "rate_limits" (
  "key" VARCHAR(255) NOT NULL,
  "points" INTEGER NOT NULL DEFAULT 0,
  "expire" BIGINT,
  CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);
