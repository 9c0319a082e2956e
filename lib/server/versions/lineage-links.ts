import "server-only";
import { datasetUrl, gitCommitUrl, mlflowRunPath } from "@/lib/domain/versions/lineage-links";
import { getEnv } from "@/lib/env";
import type { TCompareVersionsResponse } from "@/lib/schemas/models";

export type TLineageLinks = TCompareVersionsResponse["versions"][number]["links"];

/** A version's lineage as links: the commit through MODELGATE_GIT_WEB_URL, the run page, an http(s) dataset. */
export function lineageLinksOf(v: { gitCommit: string; runId: string | null; trainingDataset: string }): TLineageLinks {
  return {
    gitCommit: gitCommitUrl(getEnv().MODELGATE_GIT_WEB_URL, v.gitCommit),
    run: mlflowRunPath(v.runId),
    trainingDataset: datasetUrl(v.trainingDataset),
  };
}
