import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { MlflowInputError } from "@/lib/domain/mlflow/input-error";

/** MLflow's ViewType, sent as its name or its proto number (1 ACTIVE_ONLY, 2 DELETED_ONLY, 3 ALL). */
export function lifecycleFilter(column: Prisma.Sql, viewType: string | undefined): Prisma.Sql {
  const v = (viewType ?? "ACTIVE_ONLY").toUpperCase();
  if (v === "ACTIVE_ONLY" || v === "1") return Prisma.sql`${column} = 'active'`;
  if (v === "DELETED_ONLY" || v === "2") return Prisma.sql`${column} = 'deleted'`;
  if (v === "ALL" || v === "3") return Prisma.sql`TRUE`;
  throw new MlflowInputError(`Invalid view type '${viewType}'. Valid values are ACTIVE_ONLY, DELETED_ONLY, ALL.`);
}
