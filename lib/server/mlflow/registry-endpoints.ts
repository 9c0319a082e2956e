import "server-only";
import { modelVersionJson, registeredModelJson } from "@/lib/domain/mlflow/proto-json";
import { createModelVersion } from "./create-model-version";
import { createRegisteredModel } from "./create-registered-model";
import type { TMlflowCtx, TMlflowRouteTable } from "./define-mlflow-route";
import { deleteModelVersion } from "./delete-model-version";
import { deleteRegisteredModel } from "./delete-registered-model";
import { deleteRegisteredModelAlias } from "./delete-registered-model-alias";
import { getLatestVersions } from "./get-latest-versions";
import { getModelVersion } from "./get-model-version";
import { getModelVersionByAlias } from "./get-model-version-by-alias";
import { getModelVersionDownloadUri } from "./get-model-version-download-uri";
import { getRegisteredModel } from "./get-registered-model";
import { mlflowError } from "./mlflow-error";
import { renameRegisteredModel } from "./rename-registered-model";
import { searchModelVersions } from "./search-model-versions";
import { searchRegisteredModels } from "./search-registered-models";
import { setModelVersionTag } from "./set-model-version-tag";
import { setRegisteredModelAlias } from "./set-registered-model-alias";
import { setRegisteredModelTag } from "./set-registered-model-tag";
import { transitionModelVersionStage } from "./transition-model-version-stage";
import { updateModelVersion } from "./update-model-version";
import { updateRegisteredModel } from "./update-registered-model";

/** A tag value may be empty but must be sent. */
function tagValue({ fields }: TMlflowCtx): string {
  const v = fields.string("value");
  if (v === undefined)
    throw mlflowError(
      "INVALID_PARAMETER_VALUE",
      "Missing value for required parameter 'value'. See the API docs for more information about request parameters.",
    );
  return v;
}

const getLatest = {
  permission: "models:read" as const,
  handler: async ({ actor, fields }: TMlflowCtx) => {
    const versions = await getLatestVersions({
      actor,
      name: fields.requiredString("name"),
      stages: fields.stringList("stages"),
    });
    return versions.length ? { model_versions: versions.map(modelVersionJson) } : {};
  },
};

/** The 21 model-registry RPCs of MLFLOW_COMPAT.md (paths after /api/2.0/mlflow/). */
export const REGISTRY_ENDPOINTS: TMlflowRouteTable = {
  "registered-models/create": {
    POST: {
      permission: "models:write",
      handler: async ({ actor, fields }) => ({
        registered_model: registeredModelJson(
          await createRegisteredModel({
            actor,
            name: fields.requiredString("name"),
            description: fields.string("description") ?? "",
            tags: fields.keyValues("tags"),
          }),
        ),
      }),
    },
  },
  "registered-models/rename": {
    POST: {
      permission: "models:write",
      handler: async ({ actor, fields }) => ({
        registered_model: registeredModelJson(
          await renameRegisteredModel({
            actor,
            name: fields.requiredString("name"),
            newName: fields.requiredString("new_name"),
          }),
        ),
      }),
    },
  },
  "registered-models/update": {
    PATCH: {
      permission: "models:write",
      handler: async ({ actor, fields }) => ({
        registered_model: registeredModelJson(
          await updateRegisteredModel({
            actor,
            name: fields.requiredString("name"),
            description: fields.string("description"),
          }),
        ),
      }),
    },
  },
  "registered-models/delete": {
    DELETE: {
      permission: "models:archive",
      handler: async ({ actor, fields }) => {
        await deleteRegisteredModel({ actor, name: fields.requiredString("name") });
        return {};
      },
    },
  },
  "registered-models/get": {
    GET: {
      permission: "models:read",
      handler: async ({ actor, fields }) => ({
        registered_model: registeredModelJson(await getRegisteredModel({ actor, name: fields.requiredString("name") })),
      }),
    },
  },
  "registered-models/search": {
    GET: {
      permission: "models:read",
      handler: async ({ actor, fields }) => {
        const page = await searchRegisteredModels({
          actor,
          filter: fields.string("filter"),
          maxResults: fields.int("max_results"),
          orderBy: fields.stringList("order_by"),
          pageToken: fields.string("page_token"),
        });
        return {
          ...(page.items.length ? { registered_models: page.items.map(registeredModelJson) } : {}),
          ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
        };
      },
    },
  },
  "registered-models/get-latest-versions": { POST: getLatest, GET: getLatest },
  "model-versions/create": {
    POST: {
      permission: "versions:register",
      handler: async ({ actor, fields }) => ({
        model_version: modelVersionJson(
          await createModelVersion({
            actor,
            name: fields.requiredString("name"),
            source: fields.requiredString("source"),
            runId: fields.string("run_id"),
            runLink: fields.string("run_link"),
            description: fields.string("description"),
            tags: fields.keyValues("tags"),
          }),
        ),
      }),
    },
  },
  "model-versions/update": {
    PATCH: {
      permission: "models:write",
      handler: async ({ actor, fields }) => ({
        model_version: modelVersionJson(
          await updateModelVersion({
            actor,
            name: fields.requiredString("name"),
            version: fields.requiredVersion(),
            description: fields.string("description"),
          }),
        ),
      }),
    },
  },
  "model-versions/transition-stage": {
    POST: {
      permission: "promotions:request",
      handler: async ({ actor, fields }) => ({
        model_version: modelVersionJson(
          await transitionModelVersionStage({
            actor,
            name: fields.requiredString("name"),
            version: fields.requiredVersion(),
            stage: fields.requiredString("stage"),
            archiveExistingVersions: fields.requiredBool("archive_existing_versions"),
          }),
        ),
      }),
    },
  },
  "model-versions/delete": {
    DELETE: {
      permission: "promotions:request",
      handler: async ({ actor, fields }) => {
        await deleteModelVersion({ actor, name: fields.requiredString("name"), version: fields.requiredVersion() });
        return {};
      },
    },
  },
  "model-versions/get": {
    GET: {
      permission: "models:read",
      handler: async ({ actor, fields }) => ({
        model_version: modelVersionJson(
          await getModelVersion({ actor, name: fields.requiredString("name"), version: fields.requiredVersion() }),
        ),
      }),
    },
  },
  "model-versions/search": {
    GET: {
      permission: "models:read",
      handler: async ({ actor, fields }) => {
        const page = await searchModelVersions({
          actor,
          filter: fields.string("filter"),
          maxResults: fields.int("max_results"),
          orderBy: fields.stringList("order_by"),
          pageToken: fields.string("page_token"),
        });
        return {
          ...(page.items.length ? { model_versions: page.items.map(modelVersionJson) } : {}),
          ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
        };
      },
    },
  },
  "model-versions/get-download-uri": {
    GET: {
      permission: "models:read",
      handler: async ({ actor, fields }) => ({
        artifact_uri: await getModelVersionDownloadUri({
          actor,
          name: fields.requiredString("name"),
          version: fields.requiredVersion(),
        }),
      }),
    },
  },
  "registered-models/set-tag": {
    POST: {
      permission: "models:write",
      handler: async (ctx) => {
        await setRegisteredModelTag({
          actor: ctx.actor,
          name: ctx.fields.requiredString("name"),
          key: ctx.fields.requiredString("key"),
          value: tagValue(ctx),
        });
        return {};
      },
    },
  },
  "model-versions/set-tag": {
    POST: {
      permission: "models:write",
      handler: async (ctx) => {
        await setModelVersionTag({
          actor: ctx.actor,
          name: ctx.fields.requiredString("name"),
          version: ctx.fields.requiredVersion(),
          key: ctx.fields.requiredString("key"),
          value: tagValue(ctx),
        });
        return {};
      },
    },
  },
  "registered-models/delete-tag": {
    DELETE: {
      permission: "models:write",
      handler: async ({ actor, fields }) => {
        await setRegisteredModelTag({
          actor,
          name: fields.requiredString("name"),
          key: fields.requiredString("key"),
          value: null,
        });
        return {};
      },
    },
  },
  "model-versions/delete-tag": {
    DELETE: {
      permission: "models:write",
      handler: async ({ actor, fields }) => {
        await setModelVersionTag({
          actor,
          name: fields.requiredString("name"),
          version: fields.requiredVersion(),
          key: fields.requiredString("key"),
          value: null,
        });
        return {};
      },
    },
  },
  "registered-models/alias": {
    POST: {
      permission: "models:write",
      handler: async ({ actor, fields }) => {
        await setRegisteredModelAlias({
          actor,
          name: fields.requiredString("name"),
          alias: fields.requiredString("alias"),
          version: fields.requiredVersion(),
        });
        return {};
      },
    },
    DELETE: {
      permission: "models:write",
      handler: async ({ actor, fields }) => {
        await deleteRegisteredModelAlias({
          actor,
          name: fields.requiredString("name"),
          alias: fields.requiredString("alias"),
        });
        return {};
      },
    },
    GET: {
      permission: "models:read",
      handler: async ({ actor, fields }) => ({
        model_version: modelVersionJson(
          await getModelVersionByAlias({
            actor,
            name: fields.requiredString("name"),
            alias: fields.requiredString("alias"),
          }),
        ),
      }),
    },
  },
};
