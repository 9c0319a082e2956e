/** Axis and tooltip formatting shared by the timeline charts. */
export function formatTick(t: number, bucketSeconds: number): string {
  const d = new Date(t);
  const day = `${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
  const time = `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  return bucketSeconds >= 86_400 ? day : bucketSeconds >= 3600 ? `${day} ${time}` : time;
}

export function formatValue(v: number | null | undefined, unit = ""): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const a = Math.abs(v);
  const s = a >= 1000 ? v.toFixed(0) : a >= 100 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toFixed(4);
  return `${s}${unit}`;
}

/** A share in [0, 1] as a whole percentage ("—" when unknown), as the monitoring stats show it. */
export function formatShare(v: number | null | undefined): string {
  return v === null || v === undefined ? "—" : `${(100 * v).toFixed(0)} %`;
}

/** Series colours by position, stable for a given list of metric names. */
export const SERIES_COLORS = ["#2563eb", "#f59e0b", "#db2777", "#10b981", "#7c3aed", "#0891b2"];
