import { z } from "zod";
import { ZId } from "./common";

export const ZArtifactFile = z
  .object({ path: z.string(), size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })
  .strict();

export const ZVersionArtifacts = z
  .object({
    versionId: ZId,
    source: z.string().describe("The version's source URI as registered"),
    stored: z
      .boolean()
      .describe(
        "Whether the files are in Modelgate's artifact store (else the source lies elsewhere and is not verified)",
      ),
    storeKey: z
      .string()
      .nullable()
      .describe(
        "The files' directory in the store; each file downloads from /api/2.0/mlflow-artifacts/artifacts/<storeKey>/<path>",
      ),
    digest: z
      .string()
      .nullable()
      .describe("sha256 over every file's path, size and sha256 (sha256:<hex>); null when not stored"),
    totalBytes: z.number().int().nonnegative(),
    files: z.array(ZArtifactFile).describe("Sorted by path"),
    model: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe(
        "What the MLmodel file says: flavors, framework, signature (columns or tensor), disagreement with the feature-schema tag",
      ),
  })
  .strict();
export type TVersionArtifacts = z.infer<typeof ZVersionArtifacts>;
