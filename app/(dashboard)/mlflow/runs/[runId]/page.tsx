import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RunDetail } from "@/components/mlflow/run-detail";
import { AccessDenied } from "@/components/ui/page-header";
import { can } from "@/lib/domain/rbac/permissions";
import { isAppError } from "@/lib/errors";
import { requirePageActor } from "@/lib/server/auth/get-actor";
import { getRunPage } from "@/lib/server/mlflow/get-run-page";

type Props = { params: Promise<{ runId: string }> };

export const metadata: Metadata = { title: "MLflow run" };

export default async function RunPage({ params }: Props) {
  const { runId } = await params;
  const actor = await requirePageActor(`/mlflow/runs/${runId}`);
  if (!can(actor, "models:read")) return <AccessDenied what="the model registry" />;
  const data = await getRunPage({ actor, runId }).catch((e) =>
    isAppError(e) && e.code === "NOT_FOUND" ? null : Promise.reject(e),
  );
  if (!data) notFound();
  return <RunDetail data={data} />;
}
