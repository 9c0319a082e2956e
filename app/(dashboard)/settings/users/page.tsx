import type { Metadata } from "next";
import { UsersAdmin } from "@/components/settings/users-admin";
import { AccessDenied, PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/domain/rbac/permissions";
import { requirePageActor } from "@/lib/server/auth/get-actor";
import { listUsers } from "@/lib/server/users/list-users";

export const metadata: Metadata = { title: "Users" };

export default async function UsersSettingsPage() {
  const actor = await requirePageActor("/settings/users");
  if (!can(actor, "users:manage")) return <AccessDenied what="user management" />;
  // The first 500 (active first, by name); the API pages beyond (issue 18).
  const { items: users } = await listUsers({ actor, query: { limit: 500 } });
  return (
    <>
      <PageHeader
        title="Users and roles"
        description="Who can sign in, with which roles. Every change is recorded in the audit log."
      />
      <UsersAdmin initialUsers={users} currentUserId={actor.userId} />
    </>
  );
}
