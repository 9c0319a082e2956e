/**
 * JSON text for a `::jsonb` parameter. Json columns holding statistics are written this way rather than
 * through Prisma's Json type, whose engine re-parses numbers with a float parser that is not correctly
 * rounded (39.900000000000006 comes back as 39.90000000000001): stored results must equal what the drift
 * engine returned, bit for bit. It also spares the engine a parse of multi-megabyte datasets.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value);
}
