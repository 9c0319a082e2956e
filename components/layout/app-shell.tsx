import Link from "next/link";
import type { ReactNode } from "react";
import { can, ROLE_LABELS, type TActor } from "@/lib/domain/rbac/permissions";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { NAV_ITEMS } from "./nav-items";
import { NavLink } from "./nav-link";
import { SignOutButton } from "./sign-out-button";

/**
 * The signed-in frame. `badges` are counts shown beside nav entries, keyed by href (the open-alert count on
 * "Alerts"); the layout computes them on the server with one cheap query each.
 */
export function AppShell({
  actor,
  badges = {},
  unreadNotifications = 0,
  children,
}: {
  actor: TActor;
  badges?: Partial<Record<string, number>>;
  unreadNotifications?: number;
  children: ReactNode;
}) {
  const items = NAV_ITEMS.filter((i) => can(actor, i.permission));
  return (
    <div className="flex min-h-full">
      <aside className="fixed inset-y-0 left-0 flex w-56 flex-col border-r border-slate-200 bg-slate-900 text-slate-200">
        <div className="flex items-center justify-between gap-2 pr-3">
          <Link href="/overview" className="flex items-center gap-2 px-4 py-4 text-white">
            <span className="grid size-7 place-items-center rounded-md bg-brand-500 text-sm font-bold">M</span>
            <span className="text-base font-semibold tracking-tight">Modelgate</span>
          </Link>
          <NotificationBell unread={unreadNotifications} />
        </div>
        <nav aria-label="Main" className="flex-1 space-y-0.5 px-2 py-2">
          {items.map((i) => (
            <NavLink key={i.href} href={i.href}>
              {badges[i.href] ? (
                <span className="flex items-center justify-between gap-2">
                  {i.label}
                  <span
                    className="rounded-full bg-rose-600 px-1.5 text-[11px] font-semibold leading-5 text-white tabular-nums"
                    data-testid={`nav-badge-${i.label.toLowerCase()}`}
                    aria-label={`${badges[i.href]} open`}
                  >
                    {badges[i.href]}
                  </span>
                </span>
              ) : (
                i.label
              )}
            </NavLink>
          ))}
        </nav>
        <div className="border-t border-slate-800 px-4 py-3" data-testid="current-user">
          <div className="truncate text-sm font-medium text-white">{actor.name}</div>
          <div className="truncate text-xs text-slate-400">{actor.email}</div>
          <div className="mt-1 flex flex-wrap gap-1" data-testid="current-roles">
            {actor.roles.map((r) => (
              <span key={r} className="rounded bg-slate-800 px-1.5 py-0.5 text-[11px] text-slate-300">
                {ROLE_LABELS[r]}
              </span>
            ))}
          </div>
          <SignOutButton userId={actor.userId} />
        </div>
      </aside>
      <main className="ml-56 min-w-0 flex-1 px-8 py-6">{children}</main>
    </div>
  );
}
