import { Card } from "@/components/ui/card";
import { TOKEN_SCOPE_PERMISSIONS, TOKEN_SCOPES } from "@/lib/domain/rbac/permissions";
import type { TOpenApiDocument, TOpenApiMethod, TOpenApiOperation } from "@/lib/schemas/openapi";
import { InlineText, OperationCard } from "./operation-card";

export const OPENAPI_URL = "/api/v1/openapi.json";

type Entry = { path: string; method: TOpenApiMethod; op: TOpenApiOperation };

const PROBLEM_EXAMPLE = `HTTP/1.1 422 Unprocessable Content
Content-Type: application/problem+json

{
  "type": "https://modelgate.dev/problems/validation-failed",
  "title": "Validation failed",
  "status": 422,
  "detail": "The request body is invalid.",
  "errors": [{ "path": "email", "message": "Enter a valid email address." }],
  "requestId": "5f0c6a8e-3b1d-4f57-9a52-0d8e2f4b7c11"
}`;

const CURL_EXAMPLE = `curl -H "Authorization: Bearer mg_…" \\
  "$MODELGATE_URL/api/v1/teams"`;

export function DownloadOpenApiLink() {
  return (
    <a
      href={OPENAPI_URL}
      download="openapi.json"
      className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
    >
      Download openapi.json
    </a>
  );
}

function Code({ children }: { children: string }) {
  return (
    <pre className="mt-2 rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed break-words whitespace-pre-wrap text-slate-100">
      {children}
    </pre>
  );
}

function AuthenticationSection() {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card title="Authentication" description="Every operation except this document needs credentials.">
        <div className="space-y-2 text-sm text-slate-700">
          <p>
            <strong>Scripts and pipelines</strong> send a bearer API token:{" "}
            <InlineText text="`Authorization: Bearer mg_…`" />. Administrators create tokens in Settings → API tokens;
            the token is shown once, when it is created.
          </p>
          <Code>{CURL_EXAMPLE}</Code>
          <p>A token can do what its scopes open, and never more than the roles of the user it acts as:</p>
          <ul className="space-y-1 text-xs">
            {TOKEN_SCOPES.map((s) => (
              <li key={s} className="break-words">
                <code className="font-mono font-semibold text-slate-900">{s}</code>{" "}
                <span className="text-slate-600">{TOKEN_SCOPE_PERMISSIONS[s].join(", ")}</span>
              </li>
            ))}
          </ul>
          <p>
            <strong>The browser</strong> uses the session cookie of the signed-in user, so this UI calls the same API.
          </p>
        </div>
      </Card>
      <Card title="Errors" description="One shape for every error: RFC 9457 problem details.">
        <p className="text-sm text-slate-700">
          Errors come as <InlineText text="`application/problem+json`" /> with{" "}
          <InlineText text="`type`, `title`, `status`, `detail`" /> and a <InlineText text="`requestId`" /> to quote
          when reporting a problem. Validation errors (422) list each invalid field in{" "}
          <InlineText text="`errors: [{path, message}]`" />; unknown fields are refused. 401 means no valid credentials,
          403 a missing permission, 404 a resource that does not exist or is out of your reach.
        </p>
        <Code>{PROBLEM_EXAMPLE}</Code>
      </Card>
    </div>
  );
}

function tagId(name: string): string {
  return `tag-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
}

function groupByTag(document: TOpenApiDocument): { name: string; description: string; entries: Entry[] }[] {
  const entries = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method: method as TOpenApiMethod, op })),
  );
  return document.tags
    .map((t) => ({ ...t, entries: entries.filter((e) => e.op.tags.includes(t.name)) }))
    .filter((g) => g.entries.length > 0);
}

function TagLinks({ groups }: { groups: ReturnType<typeof groupByTag> }) {
  return (
    <nav aria-label="API sections" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {groups.map((g) => (
        <a key={g.name} href={`#${tagId(g.name)}`} className="text-brand-700 hover:underline">
          {g.name} <span className="text-slate-400">({g.entries.length})</span>
        </a>
      ))}
    </nav>
  );
}

/** The API reference, rendered from the same OpenAPI document the API serves. Server component. */
export function ApiReference({ document }: { document: TOpenApiDocument }) {
  const groups = groupByTag(document);
  return (
    <div className="min-w-0 space-y-8">
      <AuthenticationSection />
      <TagLinks groups={groups} />
      {groups.map((g) => (
        <section
          key={g.name}
          id={tagId(g.name)}
          aria-labelledby={`${tagId(g.name)}-title`}
          className="scroll-mt-6 space-y-2"
        >
          <div className="flex flex-wrap items-baseline gap-x-3">
            <h2 id={`${tagId(g.name)}-title`} className="text-lg font-semibold text-slate-900">
              {g.name}
            </h2>
            <p className="text-sm text-slate-600">{g.description}</p>
          </div>
          {g.entries.map((e) => (
            <OperationCard key={e.op.operationId} path={e.path} method={e.method} op={e.op} />
          ))}
        </section>
      ))}
    </div>
  );
}
