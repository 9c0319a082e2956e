"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { TModelProductionView } from "@/lib/server/views/get-model-production-view";
import { RecordDeploymentForm } from "./record-deployment-form";
import { RollbackPanel } from "./rollback-panel";

/**
 * The Deployments card's actions: record a deployment (deployments:write) and roll production back (the
 * model's IT owner or an administrator, when something is live there). Hidden from everyone else; the API
 * enforces the same rules.
 */
export function DeploymentActions({ modelId, ops }: { modelId: string; ops: TModelProductionView }) {
  const [mode, setMode] = useState<"none" | "record" | "rollback">("none");
  const canRollback = !!ops.rollback?.allowed && !!ops.rollback.live;
  if (!ops.canDeploy && !canRollback) return null;
  return (
    <div className="mb-3 space-y-3" data-testid="deployment-actions">
      {mode === "none" && (
        <div className="flex flex-wrap gap-2">
          {ops.canDeploy && ops.environments.length > 0 && ops.versions.length > 0 && (
            <Button size="sm" variant="secondary" onClick={() => setMode("record")}>
              Record a deployment
            </Button>
          )}
          {canRollback && (
            // Without a target the button stays visible but disabled, saying why (hover), so nobody hunts for it.
            <Button
              size="sm"
              variant="danger"
              disabled={!ops.rollback?.target}
              onClick={() => setMode("rollback")}
              title={
                ops.rollback?.target
                  ? `Return production to v${ops.rollback.target.version.number}`
                  : (ops.rollback?.reason ?? undefined)
              }
            >
              Roll back production
            </Button>
          )}
        </div>
      )}
      {mode === "record" && (
        <RecordDeploymentForm
          modelId={modelId}
          environments={ops.environments}
          versions={ops.versions}
          onDone={() => setMode("none")}
        />
      )}
      {mode === "rollback" && ops.rollback && (
        <RollbackPanel modelId={modelId} plan={ops.rollback} onDone={() => setMode("none")} />
      )}
    </div>
  );
}
