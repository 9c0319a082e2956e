"use client";

import { useState, type FormEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { ApiError } from "@/lib/client/http";
import { useCreateUser, useInviteUser, useRevokeSessions, useTeams, useUpdateUser, useUsers } from "@/lib/client/users";
import { ROLE_LABELS, ROLES, type TRole } from "@/lib/domain/rbac/permissions";
import type { TCreateUserRequest, TInviteUserRequest, TUpdateUserRequest, TUser } from "@/lib/schemas/users";
import { SudoPrompt } from "./sudo-prompt";
import { canReissueInvite, InvitationBadge, InviteLinkNotice, ReissueInvite } from "./user-invite";
import { UserResponsibilities } from "./user-responsibilities";

export function UsersAdmin({ initialUsers, currentUserId }: { initialUsers: TUser[]; currentUserId: string }) {
  const users = useUsers(initialUsers);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <div className="space-y-6">
      <CreateUserForm />
      <Card
        title="Users"
        description="Roles take effect on the user's next request. Deactivated users cannot sign in or use their API tokens."
      >
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="users-table">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-2 pr-4 font-medium">Name</th>
                <th className="py-2 pr-4 font-medium">Roles</th>
                <th className="py-2 pr-4 font-medium">Team</th>
                <th className="py-2 pr-4 font-medium">Status</th>
                <th className="py-2 pr-4 font-medium">Last sign-in</th>
                <th className="py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {(users.data ?? []).map((u) =>
                editing === u.id ? (
                  <EditUserRow key={u.id} user={u} isSelf={u.id === currentUserId} onDone={() => setEditing(null)} />
                ) : (
                  <tr key={u.id} data-testid={`user-row-${u.email}`}>
                    <td className="py-2 pr-4">
                      <div className="font-medium">{u.name}</div>
                      <div className="text-xs text-slate-500">{u.email}</div>
                    </td>
                    <td className="py-2 pr-4">
                      <div className="flex flex-wrap gap-1">
                        {u.roles.map((r) => (
                          <Badge key={r}>{ROLE_LABELS[r]}</Badge>
                        ))}
                      </div>
                    </td>
                    <td className="py-2 pr-4">{u.teamName ?? "—"}</td>
                    <td className="py-2 pr-4">
                      {u.active ? (
                        <Badge tone="green">Active</Badge>
                      ) : u.invitation ? (
                        <InvitationBadge user={u} />
                      ) : (
                        <Badge tone="red">Deactivated</Badge>
                      )}
                    </td>
                    <td className="py-2 pr-4 text-xs text-slate-600">
                      {u.lastLoginAt ? new Date(u.lastLoginAt).toLocaleString() : "Never"}
                    </td>
                    <td className="py-2 text-right">
                      <Button size="sm" variant="secondary" onClick={() => setEditing(u.id)}>
                        Edit
                      </Button>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}

function RoleCheckboxes({
  value,
  onChange,
  error,
}: {
  value: TRole[];
  onChange: (r: TRole[]) => void;
  error?: string;
}) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-700">Roles</legend>
      <div className="mt-1 flex flex-wrap gap-3">
        {ROLES.map((r) => (
          <label key={r} className="flex items-center gap-1.5 text-sm">
            <input
              type="checkbox"
              checked={value.includes(r)}
              onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))}
            />
            {ROLE_LABELS[r]}
          </label>
        ))}
      </div>
      {error && (
        <p className="mt-1 text-xs text-rose-700" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function CreateUserForm() {
  const create = useCreateUser();
  const invite = useInviteUser();
  const teams = useTeams();
  const [roles, setRoles] = useState<TRole[]>(["DATA_SCIENTIST"]);
  const [open, setOpen] = useState(false);
  // An invitation link by default: the administrator then never knows the user's password.
  const [mode, setMode] = useState<"invite" | "password">("invite");
  const [pending, setPending] = useState<{
    input: TCreateUserRequest | TInviteUserRequest;
    form: HTMLFormElement;
  } | null>(null);
  const mutation = mode === "invite" ? invite : create;
  const err = mutation.error instanceof ApiError ? mutation.error : null;

  function send(input: TCreateUserRequest | TInviteUserRequest, form: HTMLFormElement) {
    setPending({ input, form });
    const done = () => {
      form.reset();
      setPending(null);
    };
    if ("password" in input)
      create.mutate(input, {
        onSuccess: () => {
          done();
          setOpen(false);
        },
      });
    else invite.mutate(input, { onSuccess: done });
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const base = {
      email: String(f.get("email")),
      name: String(f.get("name")),
      roles,
      teamId: (f.get("teamId") as string) || null,
    };
    send(mode === "invite" ? base : { ...base, password: String(f.get("password")) }, form);
  }

  if (!open)
    return (
      <Button
        onClick={() => {
          invite.reset();
          setOpen(true);
        }}
      >
        Add a user
      </Button>
    );
  return (
    <Card
      title="Add a user"
      description="Invite them with a one-time link to choose their own password, or set an initial password and share it through a safe channel."
    >
      <form onSubmit={onSubmit} className="grid gap-4 md:grid-cols-2" aria-label="Add a user">
        {err && !err.errors.length && !err.sudoRequired && (
          <p className="md:col-span-2 text-sm text-rose-700" role="alert">
            {err.message}
          </p>
        )}
        <fieldset className="md:col-span-2">
          <legend className="text-sm font-medium text-slate-700">First sign-in</legend>
          <div className="mt-1 flex flex-wrap gap-4 text-sm">
            <label className="flex items-center gap-1.5">
              <input type="radio" name="mode" checked={mode === "invite"} onChange={() => setMode("invite")} /> Invite
              with a set-your-password link
            </label>
            <label className="flex items-center gap-1.5">
              <input type="radio" name="mode" checked={mode === "password"} onChange={() => setMode("password")} />{" "}
              Choose an initial password
            </label>
          </div>
        </fieldset>
        <Field label="Name" error={err?.fieldError("name")}>
          <Input name="name" required invalid={!!err?.fieldError("name")} />
        </Field>
        <Field label="Email" error={err?.fieldError("email")}>
          <Input name="email" type="email" required invalid={!!err?.fieldError("email")} />
        </Field>
        {mode === "password" && (
          <Field label="Initial password" hint="At least 12 characters." error={err?.fieldError("password")}>
            <Input name="password" type="password" required invalid={!!err?.fieldError("password")} />
          </Field>
        )}
        <Field label="Team" error={err?.fieldError("teamId")}>
          <Select name="teamId" defaultValue="">
            <option value="">No team</option>
            {(teams.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </Select>
        </Field>
        <div className="md:col-span-2">
          <RoleCheckboxes value={roles} onChange={setRoles} error={err?.fieldError("roles")} />
        </div>
        <div className="flex gap-2 md:col-span-2">
          <Button type="submit" disabled={mutation.isPending}>
            {mutation.isPending ? "Creating…" : mode === "invite" ? "Create and get link" : "Create user"}
          </Button>
          <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
            {invite.data ? "Done" : "Cancel"}
          </Button>
        </div>
      </form>
      {mode === "invite" && invite.data && (
        <div className="mt-4">
          <InviteLinkNotice invite={invite.data} />
        </div>
      )}
      {/* Outside the form above: forms cannot nest. */}
      {err?.sudoRequired && pending && (
        <div className="mt-4">
          <SudoPrompt message={err.message} onConfirmed={() => send(pending.input, pending.form)} />
        </div>
      )}
    </Card>
  );
}

function EditUserRow({ user, isSelf, onDone }: { user: TUser; isSelf: boolean; onDone: () => void }) {
  const update = useUpdateUser();
  const teams = useTeams();
  const [roles, setRoles] = useState<TRole[]>(user.roles);
  const [teamId, setTeamId] = useState(user.teamId ?? "");
  const [active, setActive] = useState(user.active);
  const revoke = useRevokeSessions();
  const err = update.error instanceof ApiError ? update.error : null;

  function save() {
    const input: TUpdateUserRequest = { roles, teamId: teamId || null, active };
    update.mutate({ userId: user.id, input }, { onSuccess: onDone });
  }

  return (
    <>
      <tr className="bg-slate-50" data-testid={`user-edit-${user.email}`}>
        <td className="py-3 pr-4 align-top">
          <div className="font-medium">{user.name}</div>
          <div className="text-xs text-slate-500">{user.email}</div>
        </td>
        <td className="py-3 pr-4 align-top" colSpan={2}>
          <RoleCheckboxes value={roles} onChange={setRoles} error={err?.fieldError("roles")} />
          <div className="mt-2 max-w-xs">
            <Select aria-label="Team" value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              <option value="">No team</option>
              {(teams.data ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </Select>
          </div>
        </td>
        <td className="py-3 pr-4 align-top">
          <label className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" checked={active} disabled={isSelf} onChange={(e) => setActive(e.target.checked)} />{" "}
            Active
          </label>
          {err?.fieldError("active") && (
            <p className="mt-1 text-xs text-rose-700" role="alert">
              {err.fieldError("active")}
            </p>
          )}
        </td>
        <td className="py-3 pr-4 align-top text-xs text-rose-700">
          {err?.sudoRequired ? (
            <SudoPrompt message={err.message} onConfirmed={save} />
          ) : err && !err.errors.length ? (
            err.message
          ) : null}
        </td>
        <td className="py-3 text-right align-top">
          <div className="flex justify-end gap-1">
            <Button size="sm" onClick={save} disabled={update.isPending}>
              Save
            </Button>
            <Button size="sm" variant="ghost" onClick={onDone}>
              Cancel
            </Button>
          </div>
          <div className="mt-2">
            <Button
              size="sm"
              variant="secondary"
              onClick={() => revoke.mutate(user.id)}
              disabled={revoke.isPending || revoke.isSuccess}
              title="Ends every browser session of this user; API tokens are not affected"
            >
              {revoke.isSuccess ? "Signed out everywhere" : "Sign out everywhere"}
            </Button>
          </div>
        </td>
      </tr>
      {canReissueInvite(user) && (
        <tr className="bg-slate-50">
          <td colSpan={6} className="pb-3 pr-4">
            <ReissueInvite user={user} />
          </td>
        </tr>
      )}
      {!active && !canReissueInvite(user) && (
        <tr className="bg-slate-50">
          <td colSpan={6} className="pb-3 pr-4">
            <UserResponsibilities userId={user.id} name={user.name} isActive={user.active} />
          </td>
        </tr>
      )}
    </>
  );
}
