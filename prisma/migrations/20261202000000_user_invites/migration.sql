-- One-time set-your-password links for invited users (issue 16). Only the sha256 of the token is stored;
-- a link is usable once (usedAt), until expiresAt, and not after a newer one revoked it (revokedAt).
CREATE TABLE "user_invites" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    CONSTRAINT "user_invites_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "user_invites_tokenHash_key" ON "user_invites"("tokenHash");
CREATE INDEX "user_invites_userId_idx" ON "user_invites"("userId");
ALTER TABLE "user_invites" ADD CONSTRAINT "user_invites_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
