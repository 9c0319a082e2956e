/** One changed top-level key of an audited entity, with both values rendered as short text. */
export type TAuditChange = { key: string; before: string | null; after: string | null };

/** Key order does not count as a change: jsonb hands objects back with their keys reordered. */
function stableJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (typeof value === "object") {
    const keys = Object.keys(value as Record<string, unknown>).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function show(value: unknown, maxLength: number): string {
  const text = typeof value === "string" ? value : stableJson(value);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/**
 * The top-level keys whose values differ between an event's before and after states, in key order.
 * A missing side (creation, deletion) shows as null; a non-object state counts as one key, "value".
 */
export function diffAuditStates(before: unknown, after: unknown, maxLength = 40): TAuditChange[] {
  const b = before ?? null;
  const a = after ?? null;
  if (!isRecord(b) && !isRecord(a)) {
    return stableJson(b) === stableJson(a)
      ? []
      : [
          {
            key: "value",
            before: b === null ? null : show(b, maxLength),
            after: a === null ? null : show(a, maxLength),
          },
        ];
  }
  const bo = isRecord(b) ? b : {};
  const ao = isRecord(a) ? a : {};
  const keys = [...new Set([...Object.keys(bo), ...Object.keys(ao)])].sort();
  return keys
    .filter((k) => stableJson(bo[k]) !== stableJson(ao[k]))
    .map((k) => ({
      key: k,
      before: k in bo ? show(bo[k], maxLength) : null,
      after: k in ao ? show(ao[k], maxLength) : null,
    }));
}
