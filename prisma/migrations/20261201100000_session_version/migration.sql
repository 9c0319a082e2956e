-- Sessions carry the user's sessionVersion; a password change or reset, a role change, a deactivation or
-- "sign out everywhere" increments it, and every session minted with an older value stops working at once.
ALTER TABLE "users" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;
