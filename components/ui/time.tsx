/** A timestamp shown as a relative age with the exact UTC time on hover. */
export function Ago({ iso, now = Date.now() }: { iso: string; now?: number }) {
  const s = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  const text =
    s < 90
      ? "just now"
      : s < 5400
        ? `${Math.round(s / 60)} min ago`
        : s < 129600
          ? `${Math.round(s / 3600)} h ago`
          : `${Math.round(s / 86400)} d ago`;
  return (
    <time dateTime={iso} title={new Date(iso).toISOString().replace("T", " ").slice(0, 16) + " UTC"}>
      {text}
    </time>
  );
}
