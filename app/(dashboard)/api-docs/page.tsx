import type { Metadata } from "next";
import { ApiReference, DownloadOpenApiLink } from "@/components/api-docs/api-reference";
import { PageHeader } from "@/components/ui/page-header";
import { buildOpenApiDocument } from "@/lib/schemas/openapi";
import { requirePageActor } from "@/lib/server/auth/get-actor";

export const metadata: Metadata = { title: "API reference" };

export default async function ApiDocsPage() {
  // Any signed-in user may read the reference: it describes the API, not data (the document itself is public).
  await requirePageActor("/api-docs");
  return (
    <>
      <PageHeader
        title="API reference"
        description="Every /api/v1 operation, generated from the schemas the server validates with. Tools can fetch the same document as OpenAPI 3.1."
        actions={<DownloadOpenApiLink />}
      />
      <ApiReference document={buildOpenApiDocument()} />
    </>
  );
}
