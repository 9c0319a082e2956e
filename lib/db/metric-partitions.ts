import type { SqlRunner } from "./migrate";

/**
 * Monthly range partitions of metric_points on PostgreSQL (issue 18): points that grow for years live in one table
 * per calendar month (UTC), so retention drops whole months instead of deleting rows, and a chart's time bound
 * prunes every month outside it.
 *
 * The migrations stay one script for both databases and create a plain table; this PostgreSQL-only step converts it
 * once (openDatabase and the test databases run it after the migrations; idempotent, under an advisory lock so
 * instances starting together convert it once) and the `metric-partitions` job creates the months ahead. PGlite
 * keeps the single table: measured, partitions cost it more than they save (docs/ARCHITECTURE.md, "Metric points
 * partitions"). Rows outside every month partition (ingested for a month never created, or beyond the months ahead)
 * land in metric_points_default; creating their month moves them out of it.
 */
export const METRIC_PARTITION_MONTHS_AHEAD = 3;
const PARTITION_LOCK_ID = 18_042_001;
const PARTITION_NAME = /^metric_points_p(\d{4})(\d{2})$/;
export const DEFAULT_PARTITION = "metric_points_default";

type TQuery = Pick<SqlRunner, "query">;

const monthStart = (ms: number): number => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const nextMonth = (ms: number): number => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

/** The first day of the last month kept ready ahead of `now`. */
function lastMonthAhead(now: Date): number {
  let last = monthStart(now.getTime());
  for (let i = 0; i < METRIC_PARTITION_MONTHS_AHEAD; i++) last = nextMonth(last);
  return last;
}

/** metric_points_p202612 holds [2026-12-01, 2027-01-01) UTC. */
export function partitionNameOf(monthMs: number): string {
  const d = new Date(monthMs);
  return `metric_points_p${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The month a partition name covers, [from, to) in epoch ms, or null for a name this code did not give. */
export function monthOfPartition(name: string): { from: number; to: number } | null {
  const m = PARTITION_NAME.exec(name);
  if (!m) return null;
  const from = Date.UTC(Number(m[1]), Number(m[2]) - 1, 1);
  return { from, to: nextMonth(from) };
}

export async function isMetricPointsPartitioned(db: TQuery): Promise<boolean> {
  const [row] = await db.query<{ kind: string }>(
    `SELECT c.relkind::text AS kind FROM pg_class c WHERE c.oid = to_regclass('metric_points')`,
  );
  return row?.kind === "p";
}

/** The month partitions of metric_points (not the default one), oldest first. */
export async function listMetricPartitions(db: TQuery): Promise<{ name: string; from: number; to: number }[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass('metric_points')`,
  );
  return rows
    .flatMap((r) => {
      const month = monthOfPartition(r.name);
      return month ? [{ name: r.name, ...month }] : [];
    })
    .sort((a, b) => a.from - b.from);
}

/**
 * Creates the partition of one month: a table like the parent, the month's rows moved out of the default partition,
 * then ATTACH (which takes only SHARE UPDATE EXCLUSIVE on the parent, so ingestion goes on). Run inside a transaction.
 */
async function createMonthPartition(tx: TQuery, monthMs: number): Promise<string> {
  const name = partitionNameOf(monthMs);
  const from = new Date(monthMs).toISOString();
  const to = new Date(nextMonth(monthMs)).toISOString();
  await tx.query(`CREATE TABLE "${name}" (LIKE metric_points INCLUDING DEFAULTS)`);
  await tx.query(
    `WITH moved AS (DELETE FROM ${DEFAULT_PARTITION} WHERE ts >= $1::timestamptz AND ts < $2::timestamptz RETURNING id, "versionId", environment, name, value, ts)
     INSERT INTO "${name}" (id, "versionId", environment, name, value, ts) SELECT id, "versionId", environment, name, value, ts FROM moved`,
    [from, to],
  );
  await tx.query(`ALTER TABLE metric_points ATTACH PARTITION "${name}" FOR VALUES FROM ('${from}') TO ('${to}')`);
  return name;
}

/** Every month from `fromMonth` to `now` + METRIC_PARTITION_MONTHS_AHEAD that has no partition yet. */
async function createMissingPartitions(tx: TQuery, fromMonthMs: number, now: Date): Promise<string[]> {
  const existing = new Set((await listMetricPartitions(tx)).map((p) => p.name));
  const created: string[] = [];
  for (let m = monthStart(Math.min(fromMonthMs, now.getTime())); m <= lastMonthAhead(now); m = nextMonth(m)) {
    if (!existing.has(partitionNameOf(m))) created.push(await createMonthPartition(tx, m));
  }
  return created;
}

/** Rebuilds the plain metric_points as a partitioned table with the same columns, keys, indexes and rows. */
async function convertToPartitioned(tx: TQuery, now: Date): Promise<void> {
  await tx.query(`
    CREATE TABLE metric_points_partitioned (
      "id" BIGINT NOT NULL DEFAULT nextval('metric_points_id_seq'),
      "versionId" TEXT NOT NULL,
      "environment" TEXT NOT NULL DEFAULT 'production',
      "name" TEXT NOT NULL,
      "value" DOUBLE PRECISION NOT NULL,
      "ts" TIMESTAMPTZ(3) NOT NULL
    ) PARTITION BY RANGE ("ts")`);
  await tx.query(`CREATE TABLE ${DEFAULT_PARTITION} PARTITION OF metric_points_partitioned DEFAULT`);
  // The months the rows cover exist before the copy, so each row is written once, into its month.
  const [oldest] = await tx.query<{ ts: Date | string | null }>(`SELECT min(ts) AS ts FROM metric_points`);
  for (
    let m = monthStart(oldest?.ts ? Math.min(new Date(oldest.ts).getTime(), now.getTime()) : now.getTime());
    m <= lastMonthAhead(now);
    m = nextMonth(m)
  ) {
    await tx.query(
      `CREATE TABLE "${partitionNameOf(m)}" PARTITION OF metric_points_partitioned FOR VALUES FROM ('${new Date(m).toISOString()}') TO ('${new Date(nextMonth(m)).toISOString()}')`,
    );
  }
  await tx.query(
    `INSERT INTO metric_points_partitioned (id, "versionId", environment, name, value, ts) SELECT id, "versionId", environment, name, value, ts FROM metric_points`,
  );
  // The sequence outlives the old table: DROP would take an owned sequence with it.
  await tx.query(`ALTER SEQUENCE metric_points_id_seq OWNED BY NONE`);
  await tx.query(`DROP TABLE metric_points`);
  await tx.query(`ALTER TABLE metric_points_partitioned RENAME TO metric_points`);
  await tx.query(`ALTER SEQUENCE metric_points_id_seq OWNED BY metric_points.id`);
  // A partitioned table's primary key must hold the partition key; ids stay unique through the sequence.
  await tx.query(`ALTER TABLE metric_points ADD CONSTRAINT "metric_points_pkey" PRIMARY KEY ("id", "ts")`);
  await tx.query(
    `ALTER TABLE metric_points ADD CONSTRAINT "metric_points_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE`,
  );
  await tx.query(`CREATE INDEX "metric_points_versionId_name_ts_idx" ON metric_points ("versionId", "name", "ts")`);
  await tx.query(`CREATE INDEX "metric_points_ts_idx" ON metric_points ("ts")`);
}

/**
 * PostgreSQL only: converts metric_points to monthly partitions if it is still a plain table, then makes sure the
 * current month and the next METRIC_PARTITION_MONTHS_AHEAD exist. Returns the partitions it created.
 */
export async function ensureMetricPartitions(
  runner: SqlRunner,
  now = new Date(),
): Promise<{ converted: boolean; created: string[] }> {
  return runner.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${PARTITION_LOCK_ID})`);
    if (!(await isMetricPointsPartitioned(tx))) {
      const before = new Set((await listMetricPartitions(tx)).map((p) => p.name));
      await convertToPartitioned(tx, now);
      return {
        converted: true,
        created: (await listMetricPartitions(tx)).map((p) => p.name).filter((n) => !before.has(n)),
      };
    }
    return { converted: false, created: await createMissingPartitions(tx, now.getTime(), now) };
  });
}

/**
 * Drops the month partitions that end on or before `cutoff` (every point in them is past retention) and answers how
 * many points they held. Counting a month is one sequential scan of one partition, once a month.
 */
export async function dropExpiredMetricPartitions(
  runner: SqlRunner,
  cutoff: Date,
): Promise<{ dropped: string[]; points: number }> {
  const expired = (await listMetricPartitions(runner)).filter((p) => p.to <= cutoff.getTime());
  let points = 0;
  for (const p of expired) {
    points += await runner.transaction(async (tx) => {
      const [row] = await tx.query<{ n: number | string }>(`SELECT count(*)::int AS n FROM "${p.name}"`);
      await tx.query(`DROP TABLE "${p.name}"`);
      return Number(row?.n ?? 0);
    });
  }
  return { dropped: expired.map((p) => p.name), points };
}
