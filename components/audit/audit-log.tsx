import Link from "next/link";
import { Card } from "@/components/ui/card";
import { diffAuditStates } from "@/lib/domain/audit/audit-diff";
import type { TAuditEvent, TAuditVerifyResponse, TListAuditQuery, TListAuditResponse } from "@/lib/schemas/audit";
import type { TAuditFilterOptions } from "@/lib/server/audit/list-audit-filter-options";

const MAX_CHANGES_SHOWN = 4;
const SELECT =
  "w-44 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:outline-none focus:ring-2 focus:ring-brand-500/30";
const FILTER_KEYS = ["action", "entityType", "entityId", "modelId", "actorId"] as const;

type Props = {
  page: TListAuditResponse;
  chain: TAuditVerifyResponse;
  options: TAuditFilterOptions;
  query: TListAuditQuery;
  /** The URL held filters the API would refuse; the page then shows the newest events unfiltered. */
  queryWasInvalid: boolean;
};

// Server-rendered and UTC, so the text is the same whoever looks at it.
const formatUtc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;

/** The /audit URL for these filters, optionally at a page cursor; blank filters are left out. */
function auditHref(query: TListAuditQuery, cursor?: string): string {
  const params = new URLSearchParams();
  for (const k of FILTER_KEYS) if (query[k]) params.set(k, query[k]);
  if (cursor) params.set("cursor", cursor);
  const qs = params.toString();
  return qs ? `/audit?${qs}` : "/audit";
}

export function AuditLog({ page, chain, options, query, queryWasInvalid }: Props) {
  const filtered = FILTER_KEYS.some((k) => query[k]);
  return (
    <div className="space-y-6">
      <ChainBanner chain={chain} />
      {queryWasInvalid && (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert">
          The address held filters or a page cursor that are not valid; showing the newest events instead.
        </p>
      )}
      <Card
        title="Events"
        description="Newest first. Each event is linked to the previous one by its hash, so any later change to the record breaks the chain."
      >
        <FilterForm query={query} options={options} filtered={filtered} />
        {page.items.length === 0 ? (
          <p className="text-sm text-slate-500">
            {filtered ? (
              <>
                No events match these filters.{" "}
                <Link href="/audit" className="font-medium text-brand-700 hover:underline">
                  Show all events
                </Link>
              </>
            ) : (
              "Nothing recorded yet. Every change made through Modelgate — users, tokens, models, promotions — appears here."
            )}
          </p>
        ) : (
          <EventsTable events={page.items} />
        )}
        <nav aria-label="Audit pages" className="mt-4 flex justify-between text-sm">
          {query.cursor ? (
            <Link href={auditHref(query)} className="font-medium text-brand-700 hover:underline">
              ← Newest
            </Link>
          ) : (
            <span />
          )}
          {page.nextCursor && (
            <Link href={auditHref(query, page.nextCursor)} className="font-medium text-brand-700 hover:underline">
              Older →
            </Link>
          )}
        </nav>
      </Card>
    </div>
  );
}

function ChainBanner({ chain }: { chain: TAuditVerifyResponse }) {
  if (chain.ok) {
    return (
      <div
        className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900"
        role="status"
        data-testid="audit-chain-status"
      >
        <span className="font-semibold">Chain intact</span> — {chain.verified}{" "}
        {chain.verified === 1 ? "event" : "events"} verified
        {chain.verified > 0 && (
          <>
            , head{" "}
            <code className="font-mono" title={chain.headHash}>
              {chain.headHash.slice(0, 12)}
            </code>
          </>
        )}
        {chain.pending > 0 && <> · {chain.pending} just recorded, being chained</>}.
      </div>
    );
  }
  return (
    <div
      className="rounded-lg border border-rose-300 bg-rose-50 px-4 py-3 text-sm text-rose-900"
      role="alert"
      data-testid="audit-chain-status"
    >
      <span className="font-semibold">
        Chain broken at position {chain.brokenAt?.position}
        {chain.brokenAt?.seq ? ` (event #${chain.brokenAt.seq})` : ""}
      </span>
      : {chain.brokenAt?.reason}. The {chain.verified} events before it are intact; this one and everything after it can
      no longer be trusted. The record was changed outside Modelgate.
    </div>
  );
}

function FilterForm({
  query,
  options,
  filtered,
}: {
  query: TListAuditQuery;
  options: TAuditFilterOptions;
  filtered: boolean;
}) {
  // A value typed into the URL stays selectable even when no event carries it yet.
  const withCurrent = (list: string[], current?: string) =>
    current && !list.includes(current) ? [current, ...list] : list;
  return (
    <form method="GET" action="/audit" className="mb-4 flex flex-wrap items-center gap-2" aria-label="Filter events">
      {(["entityId", "modelId", "actorId"] as const).map(
        (k) => query[k] && <input key={k} type="hidden" name={k} value={query[k]} />,
      )}
      <select name="action" defaultValue={query.action ?? ""} aria-label="Action" className={SELECT}>
        <option value="">All actions</option>
        {withCurrent(options.actions, query.action).map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
      <select name="entityType" defaultValue={query.entityType ?? ""} aria-label="Entity type" className={SELECT}>
        <option value="">All entities</option>
        {withCurrent(options.entityTypes, query.entityType).map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <button
        type="submit"
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50"
      >
        Filter
      </button>
      {filtered && (
        <Link href="/audit" className="text-sm text-slate-600 hover:underline">
          Clear
        </Link>
      )}
    </form>
  );
}

function EventsTable({ events }: { events: TAuditEvent[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="audit-table">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-2 pr-4 font-medium whitespace-nowrap">Time (UTC)</th>
            <th className="py-2 pr-4 font-medium">Actor</th>
            <th className="py-2 pr-4 font-medium">Action</th>
            <th className="py-2 pr-4 font-medium">Entity</th>
            <th className="py-2 pr-4 font-medium">Changes</th>
            <th className="py-2 font-medium">Hash</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {events.map((e) => (
            <tr key={e.seq} data-testid={`audit-row-${e.seq}`}>
              <td className="py-2 pr-4 text-xs whitespace-nowrap tabular-nums text-slate-600">
                {formatUtc(e.createdAt)}
              </td>
              <td className="py-2 pr-4">
                <div className="whitespace-nowrap">{e.actorLabel}</div>
                <div className="text-xs text-slate-500">{e.actorType}</div>
              </td>
              <td className="py-2 pr-4 font-mono text-xs whitespace-nowrap text-slate-900">{e.action}</td>
              <td className="py-2 pr-4">
                <div className="text-xs font-medium text-slate-700">{e.entityType}</div>
                <div className="max-w-[11rem] truncate font-mono text-xs text-slate-500" title={e.entityId}>
                  {e.entityId}
                </div>
              </td>
              <td className="py-2 pr-4">
                <ChangeList event={e} />
              </td>
              <td className="py-2 font-mono text-xs whitespace-nowrap text-slate-500">
                <div className="text-slate-700">#{e.seq}</div>
                {e.hash ? (
                  <div title={e.hash}>{e.hash.slice(0, 10)}…</div>
                ) : (
                  <div title="Recorded; the sequencer chains it within seconds">pending</div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ChangeList({ event }: { event: TAuditEvent }) {
  const changes = diffAuditStates(event.before, event.after);
  if (changes.length === 0) return <span className="text-xs text-slate-400">—</span>;
  const hidden = changes.length - MAX_CHANGES_SHOWN;
  return (
    <ul className="space-y-0.5 text-xs">
      {changes.slice(0, MAX_CHANGES_SHOWN).map((c) => (
        <li key={c.key} className="break-words">
          <span className="font-mono text-slate-500">{c.key}</span>{" "}
          {c.before !== null && (
            <span className="rounded bg-rose-50 px-1 font-mono text-rose-800 line-through decoration-rose-300">
              {c.before}
            </span>
          )}
          {c.before !== null && c.after !== null && <span className="px-1 text-slate-400">→</span>}
          {c.after !== null && <span className="rounded bg-emerald-50 px-1 font-mono text-emerald-800">{c.after}</span>}
        </li>
      ))}
      {hidden > 0 && <li className="text-slate-400">+{hidden} more</li>}
    </ul>
  );
}
