import "server-only";

/**
 * The client's address as the nearest proxy saw it: the last X-Forwarded-For entry (the one appended by our
 * own reverse proxy or Next's server; earlier entries are whatever the client chose to send), else
 * X-Real-IP, else "unknown". Used for per-IP abuse limits only, never for authorization.
 */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined>): string {
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v.join(",") : v;
  };
  const forwarded = get("x-forwarded-for")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return forwarded?.at(-1) ?? get("x-real-ip")?.trim() ?? "unknown";
}
