import type { ReactNode } from "react";
import type { TJsonSchema } from "@/lib/schemas/openapi";
import { describeSchema, flattenSchema, type TSchemaField } from "./schema-fields";

/** Request fields say which are required; response fields say which may be absent. */
export type SchemaMode = "request" | "response";

function Chip({ children, tone = "slate" }: { children: ReactNode; tone?: "slate" | "violet" }) {
  const cls = tone === "violet" ? "bg-violet-50 text-violet-800" : "bg-slate-100 text-slate-700";
  return <code className={`rounded px-1.5 py-0.5 font-mono text-[11px] break-all ${cls}`}>{children}</code>;
}

export function FieldFacts({ enumValues, notes }: { enumValues: string[]; notes: string[] }) {
  if (!enumValues.length && !notes.length) return null;
  return (
    <div className="flex min-w-0 flex-wrap gap-1">
      {enumValues.map((v) => (
        <Chip key={`e-${v}`} tone="violet">
          {v}
        </Chip>
      ))}
      {notes.map((n) => (
        <Chip key={`n-${n}`}>{n}</Chip>
      ))}
    </div>
  );
}

function FieldRow({ field, mode }: { field: TSchemaField; mode: SchemaMode }) {
  return (
    <li className="min-w-0 py-1.5 pr-3" style={{ paddingLeft: `${0.75 + field.depth * 1.25}rem` }}>
      <div
        className={`flex min-w-0 flex-wrap items-baseline gap-x-2 gap-y-0.5 ${field.depth ? "border-l-2 border-slate-200 pl-2" : ""}`}
      >
        <code className="font-mono text-[13px] font-semibold break-all text-slate-900">{field.name}</code>
        <span className="font-mono text-xs break-all text-violet-700">
          {field.type}
          {field.isNullable ? " | null" : ""}
        </span>
        {mode === "request" && field.isRequired && (
          <span className="text-[11px] font-medium text-rose-700">required</span>
        )}
        {mode === "response" && !field.isRequired && <span className="text-[11px] text-slate-500">may be absent</span>}
        {field.description && <span className="min-w-0 text-xs break-words text-slate-600">{field.description}</span>}
        {/* Constraints guide what a client sends; on responses they are the server's business. */}
        <FieldFacts enumValues={field.enumValues} notes={mode === "request" ? field.notes : []} />
      </div>
    </li>
  );
}

/** A body or response schema as an indented list of fields, not raw JSON. */
export function SchemaTree({ schema, mode }: { schema: TJsonSchema; mode: SchemaMode }) {
  const fields = flattenSchema(schema);
  if (!fields.length) {
    const shape = describeSchema(schema);
    return (
      <div className="rounded-md border border-slate-200 px-3 py-2 text-sm">
        <span className="font-mono text-xs text-violet-700">{shape.type}</span>
        {shape.description && <p className="mt-0.5 text-xs break-words text-slate-600">{shape.description}</p>}
      </div>
    );
  }
  return (
    <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
      {fields.map((f) => (
        <FieldRow key={f.key} field={f} mode={mode} />
      ))}
    </ul>
  );
}
