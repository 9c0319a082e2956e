"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Ago } from "@/components/ui/time";
import { useMarkNotificationsRead } from "@/lib/client/notifications";
import type { TListNotificationsResponse } from "@/lib/schemas/notifications";

const KIND_LABELS: Record<TListNotificationsResponse["items"][number]["kind"], string> = {
  promotion_decided: "Promotion",
  handoff_proposed: "Handoff",
  handoff_answered: "Handoff",
  alert_opened: "Alert",
  retraining_requested: "Retraining",
};

/** The inbox: newest first, unread ones marked; opening one marks it read, "Mark all read" clears the bell. */
export function NotificationsInbox({ data, nextHref }: { data: TListNotificationsResponse; nextHref: string | null }) {
  const router = useRouter();
  const mark = useMarkNotificationsRead();
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <span className="text-slate-600" data-testid="unread-count">
          {data.unreadCount ? `${data.unreadCount} unread` : "All read"}
        </span>
        {data.unreadCount > 0 && (
          <Button
            size="sm"
            variant="secondary"
            disabled={mark.isPending}
            onClick={() => mark.mutate({ all: true }, { onSuccess: () => router.refresh() })}
          >
            Mark all read
          </Button>
        )}
      </div>
      {data.items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">
          Nothing yet. You are told here when your promotion requests are decided, when a handoff waits on you or is
          answered, and about alerts and retraining requests on models you own.
        </p>
      ) : (
        <ul
          className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm"
          data-testid="notifications"
        >
          {data.items.map((n) => (
            <li
              key={n.id}
              className={cn("flex gap-3 px-4 py-3", !n.readAt && "bg-brand-50/60")}
              data-unread={!n.readAt}
            >
              <span
                aria-hidden
                className={cn("mt-1.5 size-2 shrink-0 rounded-full", n.readAt ? "bg-transparent" : "bg-brand-600")}
              />
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                  <Link
                    href={n.link}
                    className="font-medium text-slate-900 hover:underline"
                    onClick={() => {
                      if (!n.readAt) mark.mutate({ ids: [n.id] });
                    }}
                  >
                    {n.title}
                  </Link>
                  <span className="text-xs text-slate-500">
                    <Ago iso={n.createdAt} />
                  </span>
                </div>
                {n.body && <p className="mt-0.5 text-sm text-slate-600">{n.body}</p>}
                <p className="mt-0.5 text-xs text-slate-500">
                  {KIND_LABELS[n.kind]}
                  {n.actorLabel ? ` · ${n.actorLabel}` : ""}
                  {n.readAt ? "" : <span className="sr-only"> · unread</span>}
                </p>
              </div>
              {!n.readAt && (
                <Button
                  size="sm"
                  variant="ghost"
                  className="self-start"
                  onClick={() => mark.mutate({ ids: [n.id] }, { onSuccess: () => router.refresh() })}
                >
                  Mark read
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {nextHref && (
        <div className="flex justify-end text-sm">
          <Link href={nextHref} className="text-brand-700 hover:underline">
            Older →
          </Link>
        </div>
      )}
    </div>
  );
}
