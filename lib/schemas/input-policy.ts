import { z } from "zod";

/**
 * The one input policy (docs/SECURITY.md): every string the API and the MLflow API accept — JSON body
 * values and keys, query and path parameters, CSV bodies — goes through `textProblem`. Refused anywhere:
 * NUL, lone surrogates (not valid Unicode, PostgreSQL cannot store them), C0 and C1 control characters
 * (ANSI escapes among them) other than tab, line feed and carriage return, and the bidirectional
 * embedding/override/isolate characters (U+202A–U+202E, U+2066–U+2069: "Trojan Source"). Single-line
 * fields (names, titles, ids) refuse tab and newlines too, through `zLine`. Pure: the route wrappers,
 * the forms and the OpenAPI schemas share it.
 */
export type TTextMode = "line" | "text";

// Ranges, not literal characters, so the source file itself stays clean. Matching control characters is
// the point of these two expressions.
/* eslint-disable no-control-regex */
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F-\u009F]/u;
/* eslint-enable no-control-regex */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;

const hex = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/** Why `s` is refused, or null when it is acceptable. */
export function textProblem(s: string, mode: TTextMode = "text"): string | null {
  if (!s.isWellFormed()) return "Contains a lone surrogate (not valid Unicode).";
  if (s.includes("\u0000")) return "Contains a NUL character.";
  const control = (mode === "line" ? CONTROL_IN_LINE : CONTROL_IN_TEXT).exec(s);
  if (control)
    return mode === "line" && /[\t\n\r]/.test(control[0])
      ? "Must be a single line (no tab or line break)."
      : `Contains a control character (${hex(control[0])}).`;
  const bidi = BIDI_CONTROL.exec(s);
  if (bidi) return `Contains a bidirectional control character (${hex(bidi[0])}).`;
  return null;
}

export type TInputProblem = { path: string; message: string };

/**
 * Every refused string (value or object key) inside a parsed JSON value, query or params object, with its
 * dotted path under `prefix`. Iterative, so a deeply nested body cannot overflow the stack; stops after
 * `max` problems.
 */
export function findInputProblems(value: unknown, prefix?: string, max = 100): TInputProblem[] {
  const out: TInputProblem[] = [];
  const stack: { v: unknown; path: string[] }[] = [{ v: value, path: prefix ? [prefix] : [] }];
  while (stack.length && out.length < max) {
    const { v, path } = stack.pop()!;
    if (typeof v === "string") {
      const problem = textProblem(v);
      if (problem) out.push({ path: path.join(".") || "(root)", message: problem });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, String(i)] });
    } else if (v && typeof v === "object") {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i]!;
        const keyProblem = textProblem(k, "line");
        // The key itself is unprintable: name its parent and show the key escaped.
        if (keyProblem)
          out.push({ path: [...path, JSON.stringify(k).slice(1, -1)].join("."), message: `Field name: ${keyProblem}` });
        else stack.push({ v: child, path: [...path, k] });
      }
    }
  }
  return out;
}

/** A single-line string under the input policy (names, titles, ids): chain `.trim().min().max()` as usual. */
export function zLine(): z.ZodString {
  return z.string().superRefine((v, ctx) => {
    const problem = textProblem(v, "line");
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

/** Free text under the input policy (descriptions, justifications): tabs and line breaks allowed. */
export function zText(): z.ZodString {
  return z.string().superRefine((v, ctx) => {
    const problem = textProblem(v, "text");
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

const HTTP_URL_MESSAGE = "Enter an http:// or https:// URL.";

/** A link stored and shown as a hyperlink: http(s) only, so `javascript:` and `data:` can never be clicked. */
export function zHttpUrl(): z.ZodURL {
  return z.url({ protocol: /^https?$/, error: HTTP_URL_MESSAGE });
}

/** Deepest JSON nesting any request may carry: no shape of ours nests beyond a handful of levels. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether `value` nests deeper than `max` arrays and objects, found without recursion: a 1 MiB body can nest
 * half a million levels, which would overflow the stack of every recursive reader after it (schemas,
 * error messages) and answer 500.
 */
export function nestsDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  while (stack.length) {
    const { v, depth } = stack.pop()!;
    if (!v || typeof v !== "object") continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v))
      if (child && typeof child === "object") stack.push({ v: child, depth: depth + 1 });
  }
  return false;
}
