import type { Metadata } from "next";
import { headers } from "next/headers";
import { MlflowSetup } from "@/components/mlflow/mlflow-setup";
import { AccessDenied, PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/domain/rbac/permissions";
import { requirePageActor } from "@/lib/server/auth/get-actor";
import { getMlflowSetup } from "@/lib/server/mlflow/get-mlflow-setup";

export const metadata: Metadata = { title: "Use with MLflow" };

export default async function MlflowPage() {
  const actor = await requirePageActor("/mlflow");
  if (!can(actor, "models:read")) return <AccessDenied what="the model registry" />;
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host");
  const origin = host ? `${h.get("x-forwarded-proto") ?? "http"}://${host}` : null;
  return (
    <>
      <PageHeader
        title="Use with MLflow"
        description="Modelgate speaks MLflow's REST API: register models with MLflow's client, and every promotion still passes Modelgate's gates."
      />
      <MlflowSetup setup={getMlflowSetup({ actor, requestOrigin: origin })} />
    </>
  );
}
