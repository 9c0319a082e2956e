import type { ReactNode } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { ROLE_LABELS, ROLE_PERMISSIONS, ROLES } from "@/lib/domain/rbac/permissions";
import {
  permissionSentence,
  type TOpenApiMethod,
  type TOpenApiOperation,
  type TOpenApiParameter,
} from "@/lib/schemas/openapi";
import { describeSchema } from "./schema-fields";
import { FieldFacts, SchemaTree } from "./schema-tree";

const STATUS_TEXT: Record<string, string> = { "200": "OK", "201": "Created", "202": "Accepted", "204": "No Content" };

const METHOD_TONE: Record<TOpenApiMethod, BadgeTone> = {
  get: "blue",
  post: "green",
  put: "violet",
  patch: "amber",
  delete: "red",
};

/** `code` spans in catalog prose become <code>. */
export function InlineText({ text }: { text: string }) {
  return (
    <>
      {text.split(/`([^`]+)`/).map((part, i) =>
        i % 2 ? (
          <code key={i} className="rounded bg-slate-100 px-1 font-mono text-[0.85em] break-words">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** A path that wraps after a slash rather than inside a word. */
export function PathText({ path }: { path: string }) {
  return (
    <>
      {path.split("/").map((segment, i) => (
        <span key={i}>
          {i > 0 && "/"}
          {i > 0 && <wbr />}
          {segment}
        </span>
      ))}
    </>
  );
}

export function MethodBadge({ method }: { method: TOpenApiMethod }) {
  return (
    <Badge tone={METHOD_TONE[method]} className="w-16 justify-center font-mono font-semibold">
      {method.toUpperCase()}
    </Badge>
  );
}

function authText(op: TOpenApiOperation): string {
  if (op["x-auth"] === "public") return "Public: no credentials";
  const scopes = op["x-token-scopes"].length ? ` (token scope ${op["x-token-scopes"].join(" or ")})` : "";
  const token = `API token${scopes}`;
  return { session: "Browser session", token, both: `${token} or browser session` }[op["x-auth"]];
}

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-0.5 text-sm break-words text-slate-800">{children}</dd>
    </div>
  );
}

function ParametersTable({ parameters }: { parameters: TOpenApiParameter[] }) {
  return (
    <table className="w-full table-fixed border-collapse text-left text-sm">
      <thead>
        <tr className="border-b border-slate-200 text-xs text-slate-500">
          <th className="w-1/4 py-1.5 pr-3 font-medium">Name</th>
          <th className="w-16 py-1.5 pr-3 font-medium">In</th>
          <th className="w-1/5 py-1.5 pr-3 font-medium">Type</th>
          <th className="py-1.5 font-medium">Description</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 align-top">
        {parameters.map((p) => {
          const shape = describeSchema(p.schema);
          return (
            <tr key={`${p.in}-${p.name}`}>
              <td className="py-1.5 pr-3">
                <code className="font-mono text-[13px] font-semibold break-all">{p.name}</code>
                {p.required && <div className="text-[11px] font-medium text-rose-700">required</div>}
              </td>
              <td className="py-1.5 pr-3 text-xs text-slate-600">{p.in}</td>
              <td className="py-1.5 pr-3 font-mono text-xs break-all text-violet-700">{shape.type}</td>
              <td className="min-w-0 py-1.5 text-xs break-words text-slate-600">
                {p.description ?? shape.description}
                <div className="mt-1">
                  <FieldFacts enumValues={shape.enumValues} notes={shape.notes} />
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Section({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <h4 className="mb-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h4>
      {children}
    </div>
  );
}

function Schemas({ op, successStatus }: { op: TOpenApiOperation; successStatus: string }) {
  const body = op.requestBody?.content["application/json"]?.schema;
  const successSchema = op.responses[successStatus]?.content?.["application/json"]?.schema;
  const refused = body?.additionalProperties === false && (
    <span className="font-normal normal-case"> · unknown fields are refused</span>
  );
  return (
    <div className={body ? "grid gap-4 lg:grid-cols-2" : undefined}>
      {body && (
        <Section title={<>Request body{refused}</>}>
          <SchemaTree schema={body} mode="request" />
        </Section>
      )}
      <Section title={`Response ${successStatus} ${STATUS_TEXT[successStatus] ?? ""}`}>
        {successSchema ? (
          <SchemaTree schema={successSchema} mode="response" />
        ) : (
          <p className="text-sm text-slate-600">No content.</p>
        )}
      </Section>
    </div>
  );
}

function Errors({ op }: { op: TOpenApiOperation }) {
  const errors = Object.entries(op.responses).filter(([s]) => Number(s) >= 400);
  return (
    <Section title="Errors (application/problem+json)">
      <ul className="grid gap-x-6 gap-y-1 text-xs text-slate-600 sm:grid-cols-2">
        {errors.map(([status, r]) => (
          <li key={status} className="min-w-0 break-words">
            <span className="font-mono font-semibold text-rose-700">{status}</span> <InlineText text={r.description} />
          </li>
        ))}
      </ul>
    </Section>
  );
}

function OperationDetails({ op }: { op: TOpenApiOperation }) {
  const permission = op["x-permission"];
  const roles = permission
    ? ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(permission)).map((r) => ROLE_LABELS[r])
    : [];
  // The permission sentence is for generic tools; the card shows the permission with its roles instead.
  const paragraphs = (op.description ?? "").split("\n\n").filter((p) => p && p !== permissionSentence(permission));
  const successStatus = Object.keys(op.responses).find((s) => Number(s) < 400) ?? "200";
  return (
    <div className="space-y-4 border-t border-slate-100 p-4">
      {paragraphs.map((p) => (
        <p key={p} className="max-w-4xl text-sm break-words text-slate-700">
          <InlineText text={p} />
        </p>
      ))}
      <dl className="grid gap-3 sm:grid-cols-2">
        <Meta label="Permission">
          {permission ? <InlineText text={`\`${permission}\``} /> : "None"}
          {roles.length > 0 && <span className="block text-xs text-slate-500">Roles with it: {roles.join(", ")}</span>}
        </Meta>
        <Meta label="Authentication">{authText(op)}</Meta>
      </dl>
      {op.parameters?.length ? (
        <Section title="Parameters">
          <ParametersTable parameters={op.parameters} />
        </Section>
      ) : null}
      <Schemas op={op} successStatus={successStatus} />
      <Errors op={op} />
    </div>
  );
}

/** One operation, folded to a line (method, path, summary, permission); open it for inputs, outputs and errors. */
export function OperationCard({ path, method, op }: { path: string; method: TOpenApiMethod; op: TOpenApiOperation }) {
  return (
    <details id={op.operationId} className="group scroll-mt-6 rounded-lg border border-slate-200 bg-white shadow-sm">
      <summary className="flex min-w-0 cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5 hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
        <span aria-hidden className="text-slate-400 transition-transform group-open:rotate-90">
          ▸
        </span>
        <MethodBadge method={method} />
        <code className="min-w-0 font-mono text-sm font-semibold break-words text-slate-900">
          <PathText path={path} />
        </code>
        <span className="min-w-0 text-sm break-words text-slate-600">{op.summary}</span>
        <code className="ml-auto font-mono text-xs text-slate-500">{op["x-permission"] ?? "public"}</code>
      </summary>
      <OperationDetails op={op} />
    </details>
  );
}
