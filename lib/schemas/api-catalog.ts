import { z } from "zod";
import type { TPermission } from "@/lib/domain/rbac/permissions";
import { ZVersionArtifacts } from "./artifacts";
import { ZApiToken, ZApiTokenIdParams, ZCreateApiTokenRequest, ZCreateApiTokenResponse, ZListApiTokensQuery, ZListApiTokensResponse } from "./api-tokens";
import { ZAuditVerifyQuery, ZAuditVerifyResponse, ZListAuditQuery, ZListAuditResponse } from "./audit";
import { ZGatePolicy, ZGatePolicyParams, ZListGatePoliciesResponse, ZUpdateGatePolicyRequest } from "./gate-policies";
import { ZModelCard, ZUpdateModelCardRequest } from "./model-cards";
import { ZListNotificationsQuery, ZListNotificationsResponse, ZMarkNotificationsReadRequest, ZMarkNotificationsReadResponse } from "./notifications";
import { ZApprovedFeatures, ZFeatureImportance, ZRecordImportanceRequest, ZSetApprovedFeaturesRequest } from "./importance";
import {
  ZArchiveModelRequest,
  ZCheckResult,
  ZCompareVersionsQuery,
  ZCompareVersionsResponse,
  ZCreateModelRequest,
  ZListChecksResponse,
  ZListModelsQuery,
  ZListModelsResponse,
  ZListVersionsQuery,
  ZListVersionsResponse,
  ZModel,
  ZModelRefParams,
  ZRegisterVersionRequest,
  ZReportCheckRequest,
  ZUpdateModelRequest,
  ZUpdateVersionRequest,
  ZVersion,
  ZVersionParams,
} from "./models";
import {
  ZPromotionQueueQuery,
  ZPromotionQueueResponse,
  ZCancelPromotionRequest,
  ZCreatePromotionRequest,
  ZDecidePromotionRequest,
  ZGatePreviewResponse,
  ZListPromotionsQuery,
  ZListPromotionsResponse,
  ZPromotionParams,
  ZPromotionRequest,
} from "./promotions";
import { ZSeriesQuery, ZSeriesResponse } from "./series";
import {
  ZIngestColumnsRequest,
  ZIngestMetricsRequest,
  ZIngestMetricsResponse,
  ZIngestSamplesQuery,
  ZIngestWindowResponse,
  ZDriftPreviewResponse,
  ZListWindowsQuery,
  ZListWindowsResponse,
  ZReferenceSummary,
  ZRegisterReferenceResponse,
} from "./monitoring";
import {
  ZAcceptHandoffRequest,
  ZCancelHandoffRequest,
  ZDeclineHandoffRequest,
  ZHandoff,
  ZHandoffParams,
  ZListHandoffsQuery,
  ZListHandoffsResponse,
  ZOverrideOwnershipRequest,
  ZProposeHandoffRequest,
} from "./handoffs";
import { ZAcknowledgeAlertRequest, ZAlert, ZAlertParams, ZAlertRule, ZAlertRuleParams, ZCreateAlertRuleRequest, ZListAlertRulesResponse, ZListAlertsQuery, ZListAlertsResponse, ZUpdateAlertRuleRequest } from "./alerts";
import { ZCreateEnvironmentRequest, ZEnvironment, ZListDeploymentsQuery, ZListDeploymentsResponse, ZListEnvironmentsResponse, ZRecordDeploymentRequest, ZRecordDeploymentResponse, ZRollbackPlan, ZRollbackQuery, ZRollbackRequest, ZRollbackResponse } from "./deployments";
import { ZListRetrainingRequestsQuery, ZListRetrainingRequestsResponse, ZRetrainingParams, ZRetrainingRequest, ZUpdateRetrainingRequest } from "./retraining";
import {
  ZConfirmSudoRequest,
  ZConfirmSudoResponse,
  ZAcceptInviteRequest,
  ZAcceptInviteResponse,
  ZCreateUserRequest,
  ZInviteUserRequest,
  ZInviteUserResponse,
  ZListTeamsResponse,
  ZListUsersQuery,
  ZListUsersResponse,
  ZRevokeSessionsResponse,
  ZUpdateUserRequest,
  ZUser,
  ZUserIdParams,
  ZUserResponsibilities,
} from "./users";
import {
  ZCreateWebhookRequest,
  ZDeliveryIdParams,
  ZListDeliveriesQuery,
  ZListDeliveriesResponse,
  ZListWebhooksResponse,
  ZUpdateWebhookRequest,
  ZWebhook,
  ZWebhookDelivery,
  ZWebhookIdParams,
  ZWebhookWithSecret,
} from "./webhooks";

/**
 * Every `/api/v1` operation, as data: the one source of the OpenAPI document (lib/schemas/openapi.ts) and of
 * the API reference page. Each entry points at the same zod schemas its route passes to `defineRoute`;
 * `openapi.test.ts` checks the list against the route files on disk, so a route cannot go undocumented.
 */
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type THttpMethod = (typeof HTTP_METHODS)[number];

export type TApiAuth = "session" | "token" | "both" | "public";

export const API_TAGS = [
  { name: "Models", description: "The registry: models, their owners, tags and health." },
  { name: "Versions", description: "Versions of a model with their metrics, feature schema and CI checks." },
  { name: "Promotions", description: "Requests to move a version to another stage, their gates and approvals." },
  { name: "Monitoring", description: "Production metrics, reference data, windows of production samples, drift and health." },
  { name: "Gate policies", description: "What each gate requires, per target stage and criticality; versioned, edited by administrators." },
  { name: "Handoffs", description: "Ownership handoffs between data science and IT, with their checklist, and administrators' ownership overrides." },
  { name: "Deployments", description: "Environments, what runs where since when and deployed by whom, and one-action rollback of production." },
  { name: "Alerts", description: "Alert rules per model or version, evaluated when data arrives and on a schedule; alerts open, are acknowledged and resolve themselves." },
  { name: "Retraining", description: "Retraining requests opened by sustained violations of rules marked retrain; assignable, linked to the next version registered." },
  { name: "Users", description: "People who sign in, their roles and teams, sudo mode and sessions. Managed by administrators from a signed-in session only." },
  { name: "Teams", description: "Teams own models." },
  { name: "API tokens", description: "Bearer tokens for scripts and pipelines. Administrators create and revoke them." },
  { name: "Webhooks", description: "Signed event notifications to your systems, delivered from an outbox with retries; subscriptions and delivery history. Administrators only. See docs/WEBHOOKS.md." },
  { name: "Audit", description: "The append-only, hash-chained record of every change." },
  { name: "Notifications", description: "Your in-app inbox: decisions on your promotion requests, handoffs to and from you, alerts and retraining requests on models you own." },
  { name: "Meta", description: "Documents about the API itself." },
] as const;
export type TApiTag = (typeof API_TAGS)[number]["name"];

export type TApiOperation = {
  method: THttpMethod;
  /** OpenAPI style: `/api/v1/users/{userId}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: TApiTag;
  /** The permission `defineRoute` checks; null only for public operations. */
  permission: TPermission | null;
  auth: TApiAuth;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** null for 204 No Content. */
  response: z.ZodType | null;
  /** Success status. */
  status: number;
  /** Errors the use case may raise beyond the ones every operation shares (401/403/422, added by the generator). */
  errors?: number[];
};

/** The document served at /api/v1/openapi.json; only its outer shape is promised here. */
export const ZOpenApiDocument = z
  .looseObject({
    openapi: z.literal("3.1.0"),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()).describe("One entry per path; see the operations in this document"),
  })
  .describe("OpenAPI 3.1 document");

type Op = TApiOperation;
const both = { auth: "both" } as const;

const MODELS: Op[] = [
  { ...both, method: "GET", path: "/api/v1/models", operationId: "listModels", summary: "List models", tag: "Models", permission: "models:read",
    description: "Search and filter the registry; paginate with `nextCursor`.", query: ZListModelsQuery, response: ZListModelsResponse, status: 200 },
  { ...both, method: "POST", path: "/api/v1/models", operationId: "createModel", summary: "Register a model", tag: "Models", permission: "models:write",
    description: "The slug is unique and permanent. Non-administrators create models for their own team.", body: ZCreateModelRequest, response: ZModel, status: 201, errors: [409] },
  { ...both, method: "GET", path: "/api/v1/models/{modelId}", operationId: "getModel", summary: "Get a model", tag: "Models", permission: "models:read",
    params: ZModelRefParams, response: ZModel, status: 200, errors: [404] },
  { ...both, method: "PATCH", path: "/api/v1/models/{modelId}", operationId: "updateModel", summary: "Update a model", tag: "Models", permission: "models:write",
    description: "Archived models cannot be changed (409).", params: ZModelRefParams, body: ZUpdateModelRequest, response: ZModel, status: 200, errors: [404, 409] },
  { ...both, method: "POST", path: "/api/v1/models/{modelId}/archive", operationId: "archiveModel", summary: "Archive a model", tag: "Models", permission: "models:archive",
    description: "Archives every version and cancels pending requests. Refused (409) while a version runs in production.",
    params: ZModelRefParams, body: ZArchiveModelRequest, response: ZModel, status: 200, errors: [404, 409] },
  { ...both, method: "GET", path: "/api/v1/models/{modelId}/approved-features", operationId: "getApprovedFeatures", summary: "Get a model's approved features", tag: "Models", permission: "models:read",
    description: "Features approved to drive the model's decisions, checked by the gate requirement \"no feature outside the approved list in the top N\".", params: ZModelRefParams, response: ZApprovedFeatures, status: 200, errors: [404] },
  { ...both, method: "PUT", path: "/api/v1/models/{modelId}/approved-features", operationId: "setApprovedFeatures", summary: "Set a model's approved features", tag: "Models", permission: "models:write",
    description: "Replaces the whole list (empty removes it). For regulated models, so a protected attribute or a proxy of it cannot be among the features driving decisions. Archived models answer 409.",
    params: ZModelRefParams, body: ZSetApprovedFeaturesRequest, response: ZApprovedFeatures, status: 200, errors: [404, 409] },
  { ...both, method: "GET", path: "/api/v1/models/{modelId}/card", operationId: "getModelCard", summary: "Get a model's card", tag: "Models", permission: "models:read",
    description: "The model card (GitHub-flavoured markdown), the template a new card starts from, and whether every section is written (the gate requirement \"model card complete\").",
    params: ZModelRefParams, response: ZModelCard, status: 200, errors: [404] },
  { ...both, method: "PUT", path: "/api/v1/models/{modelId}/card", operationId: "updateModelCard", summary: "Replace a model's card", tag: "Models", permission: "models:write",
    description: "Replaces the whole card; audited with the text before and after. Pending promotion requests of the model are re-judged (a complete card can open a gate). Archived models answer 409.",
    params: ZModelRefParams, body: ZUpdateModelCardRequest, response: ZModelCard, status: 200, errors: [404, 409] },
];

const VERSIONS: Op[] = [
  { ...both, method: "GET", path: "/api/v1/models/{modelId}/versions", operationId: "listVersions", summary: "List a model's versions", tag: "Versions", permission: "models:read",
    params: ZModelRefParams, query: ZListVersionsQuery, response: ZListVersionsResponse, status: 200, errors: [404] },
  { ...both, method: "POST", path: "/api/v1/models/{modelId}/versions", operationId: "registerVersion", summary: "Register a version", tag: "Versions", permission: "versions:register",
    description: "Versions are numbered 1, 2, … per model and start in DESIGN.", params: ZModelRefParams, body: ZRegisterVersionRequest, response: ZVersion, status: 201, errors: [404, 409] },
  { ...both, method: "GET", path: "/api/v1/models/{modelId}/compare", operationId: "compareVersions", summary: "Compare versions side by side", tag: "Versions", permission: "models:read",
    description: "2–4 versions of one model: lineage, metrics (best marked, deltas against the first), parameters, feature schema, gate evidence and the latest drift window, each row saying whether the versions differ.",
    params: ZModelRefParams, query: ZCompareVersionsQuery, response: ZCompareVersionsResponse, status: 200, errors: [404] },
  { ...both, method: "GET", path: "/api/v1/versions/{versionId}", operationId: "getVersion", summary: "Get a version", tag: "Versions", permission: "models:read",
    params: ZVersionParams, response: ZVersion, status: 200, errors: [404] },
  { ...both, method: "PATCH", path: "/api/v1/versions/{versionId}", operationId: "updateVersion", summary: "Update a version's description", tag: "Versions", permission: "models:write",
    params: ZVersionParams, body: ZUpdateVersionRequest, response: ZVersion, status: 200, errors: [404] },
  { ...both, method: "GET", path: "/api/v1/versions/{versionId}/checks", operationId: "listChecks", summary: "List a version's check reports", tag: "Versions", permission: "models:read",
    description: "Every report, newest first; the latest per name counts for gates.", params: ZVersionParams, response: ZListChecksResponse, status: 200, errors: [404] },
  { ...both, method: "POST", path: "/api/v1/versions/{versionId}/checks", operationId: "reportCheck", summary: "Report a CI check", tag: "Versions", permission: "checks:report",
    description: "CI reports evidence such as `unit-tests: PASS`. New evidence can open the gate of a pending request.",
    params: ZVersionParams, body: ZReportCheckRequest, response: ZCheckResult, status: 201, errors: [404] },
  { ...both, method: "GET", path: "/api/v1/versions/{versionId}/artifacts", operationId: "listVersionArtifacts", summary: "List a version's stored files", tag: "Versions", permission: "models:read",
    description: "The files of a version whose source lies in Modelgate's artifact store, with sizes and sha256, the manifest digest recorded at registration (what gates judged and approvals approved), and what its MLmodel file says.",
    params: ZVersionParams, response: ZVersionArtifacts, status: 200, errors: [404] },
  { ...both, method: "GET", path: "/api/v1/versions/{versionId}/artifacts/download", operationId: "downloadVersionArtifacts", summary: "Download a version's files as a zip", tag: "Versions", permission: "models:read",
    description: "`application/zip` of the stored files, each verified against the manifest as it streams. A missing or resized file refuses with 409; changed bytes abort the transfer before the archive is complete. Either way a critical alert opens on the model and the refusal is audited (`artifact.digest_mismatch`).",
    params: ZVersionParams, response: null, status: 200, errors: [404, 409] },
  { ...both, method: "GET", path: "/api/v1/versions/{versionId}/importance", operationId: "getImportance", summary: "Get a version's feature importance", tag: "Versions", permission: "models:read",
    description: "The global importances recorded for the version, ranked, with each feature's share of the total and the top-3 share; 404 when none were recorded.",
    params: ZVersionParams, response: ZFeatureImportance, status: 200, errors: [404] },
  { ...both, method: "POST", path: "/api/v1/versions/{versionId}/importance", operationId: "recordImportance", summary: "Record a version's feature importance", tag: "Versions", permission: "versions:register",
    description: "Global importances: a method (shap_mean_abs, permutation, gain or other) and one value per feature of the version's feature schema, optionally per segment. Unknown or missing features, non-finite values and negative values for shap_mean_abs or gain are refused (422, each field named). Replaces earlier importances while the version is in DESIGN; 409 once it has left DESIGN (evidence is immutable) or when the model is archived. Also set by the `modelgate.feature_importance` MLflow version tag. Can open a pending gate.",
    params: ZVersionParams, body: ZRecordImportanceRequest, response: ZFeatureImportance, status: 201, errors: [404, 409] },
];

const PROMOTIONS: Op[] = [
  { ...both, method: "GET", path: "/api/v1/versions/{versionId}/gate", operationId: "previewGate", summary: "Preview the gate to the next stage", tag: "Promotions", permission: "models:read",
    description: "Every requirement, met or not, and why: for the pending request, or as if the caller asked now.", params: ZVersionParams, response: ZGatePreviewResponse, status: 200, errors: [404, 409] },
  { ...both, method: "GET", path: "/api/v1/versions/{versionId}/transitions", operationId: "listVersionTransitions", summary: "List a version's stage requests", tag: "Promotions", permission: "models:read",
    params: ZVersionParams, response: ZListPromotionsResponse, status: 200 },
  { ...both, method: "POST", path: "/api/v1/versions/{versionId}/transitions", operationId: "requestTransition", summary: "Request a stage change", tag: "Promotions", permission: "promotions:request",
    description: "Archiving applies at once. A promotion opens a PENDING request under the current policy and is applied as soon as its gate is open; one pending request per version (409).",
    params: ZVersionParams, body: ZCreatePromotionRequest, response: ZPromotionRequest, status: 201, errors: [404, 409] },
  { ...both, method: "GET", path: "/api/v1/transitions", operationId: "listTransitions", summary: "List stage requests", tag: "Promotions", permission: "models:read",
    description: "Newest first; PENDING requests oldest first, the order reviewers work in.", query: ZListPromotionsQuery, response: ZListPromotionsResponse, status: 200 },
  { ...both, method: "POST", path: "/api/v1/transitions/{requestId}/decision", operationId: "decideTransition", summary: "Approve or reject a request", tag: "Promotions", permission: "approvals:decide",
    description: "A rejection needs a comment. Each person counts once, in one of their roles.", params: ZPromotionParams, body: ZDecidePromotionRequest, response: ZPromotionRequest, status: 200, errors: [404, 409] },
  { ...both, method: "POST", path: "/api/v1/transitions/{requestId}/cancel", operationId: "cancelTransition", summary: "Cancel a pending request", tag: "Promotions", permission: "promotions:request",
    description: "The requester or an administrator may cancel.", params: ZPromotionParams, body: ZCancelPromotionRequest, response: ZPromotionRequest, status: 200, errors: [404, 409] },
  { ...both, method: "GET", path: "/api/v1/approvals/queue", operationId: "listApprovalQueue", summary: "My approval queue", tag: "Promotions", permission: "approvals:decide",
    description: "Pending requests waiting on one of the caller's roles, oldest first, keyset-paginated (`limit`, `cursor` → `nextCursor`).", query: ZPromotionQueueQuery, response: ZPromotionQueueResponse, status: 200 },
];

const GATE_POLICIES: Op[] = [
  { ...both, method: "GET", path: "/api/v1/gate-policies", operationId: "listGatePolicies", summary: "List gate policies", tag: "Gate policies", permission: "models:read",
    description: "The current policy of every (target stage, criticality) pair and its older versions, each with the number of pending requests still judged by it.",
    response: ZListGatePoliciesResponse, status: 200 },
  { ...both, method: "PUT", path: "/api/v1/gate-policies/{stage}/{criticality}", operationId: "updateGatePolicy", summary: "Save a new version of a gate policy", tag: "Gate policies", permission: "policies:manage",
    description: "Creates version n+1 and makes it current; version n is kept for the requests opened under it, which are still judged by it. Concurrent saves become successive versions. A note saying why is required; the change is audited. Saving requirements identical to the current version answers 409.",
    params: ZGatePolicyParams, body: ZUpdateGatePolicyRequest, response: ZGatePolicy, status: 200, errors: [409] },
];

const IDEMPOTENCY_NOTE =
  " Send an `Idempotency-Key` header (1–200 printable characters) to make retries safe: the same key with the same request replays the first answer (header `Idempotent-Replayed: true`) and stores nothing; the same key with another request answers 422.";

const MONITORING: Op[] = [
  { ...both, method: "POST", path: "/api/v1/versions/{versionId}/metrics", operationId: "ingestMetrics", summary: "Send production metrics", tag: "Monitoring", permission: "monitoring:ingest",
    description: "Up to 10,000 points {name, value, timestamp, environment} per batch, stored all or nothing: one invalid point (or a timestamp older than 400 days or more than 1 day ahead) refuses the batch, naming `points.<index>.<field>`." + IDEMPOTENCY_NOTE,
    params: ZVersionParams, body: ZIngestMetricsRequest, response: ZIngestMetricsResponse, status: 201, errors: [404, 409] },
  { ...both, method: "GET", path: "/api/v1/versions/{versionId}/reference", operationId: "getReference", summary: "Describe the reference dataset", tag: "Monitoring", permission: "models:read",
    description: "Rows and, per column, role, type, missing rate, range or categories. 404 when none is registered.", params: ZVersionParams, response: ZReferenceSummary, status: 200, errors: [404] },
  { ...both, method: "POST", path: "/api/v1/versions/{versionId}/reference", operationId: "registerReference", summary: "Register the reference dataset", tag: "Monitoring", permission: "monitoring:ingest",
    description: "The data drift is measured against (usually the training or validation set): JSON columns, or `text/csv` with a header row (optional `prediction` and `label` columns), up to 100,000 rows and 20 MiB. Replaces an earlier reference. Data-quality problems (unknown or absent columns, missing values, unseen categories, out-of-range values) are reported in `findings`; a batch unusable as a whole is refused with 422 naming rows and fields, and nothing is stored. Can open a pending UAT gate." + IDEMPOTENCY_NOTE,
    params: ZVersionParams, body: ZIngestColumnsRequest, response: ZRegisterReferenceResponse, status: 201, errors: [400, 404, 409, 413, 415] },
  { ...both, method: "POST", path: "/api/v1/versions/{versionId}/samples", operationId: "ingestSamples", summary: "Send a window of production rows", tag: "Monitoring", permission: "monitoring:ingest",
    description: "Same shapes and limits as the reference (JSON columns or `text/csv`). Computes drift per feature and of the predictions against the reference, quality when labels are present, the window's health and the version's; 409 when no reference is registered." + IDEMPOTENCY_NOTE,
    params: ZVersionParams, query: ZIngestSamplesQuery, body: ZIngestColumnsRequest, response: ZIngestWindowResponse, status: 201, errors: [400, 404, 409, 413, 415] },
  { ...both, method: "POST", path: "/api/v1/versions/{versionId}/drift-preview", operationId: "previewDrift", summary: "Compare a dataset with the reference, storing nothing", tag: "Monitoring", permission: "monitoring:ingest",
    description: "The same shapes, limits, validation and statistics as `samples`, but nothing is stored, audited or alerted on: the answer is the drift of every feature and of the predictions (with the bins or categories for a distribution overlay), dataset drift, quality when labels are present, and the health this data would give. Any data scientist or IT operator may compare a file with any version's reference; 409 when the version has none.",
    params: ZVersionParams, body: ZIngestColumnsRequest, response: ZDriftPreviewResponse, status: 200, errors: [400, 404, 409, 413, 415] },
  { ...both, method: "GET", path: "/api/v1/versions/{versionId}/windows", operationId: "listWindows", summary: "List ingested windows", tag: "Monitoring", permission: "models:read",
    description: "Latest first (by window end), with summary, data-quality findings and drift per feature; paginate with `nextCursor`.", params: ZVersionParams, query: ZListWindowsQuery, response: ZListWindowsResponse, status: 200, errors: [404] },
];

const ADMIN: Op[] = [
  { ...both, method: "GET", path: "/api/v1/users", operationId: "listUsers", summary: "List users", tag: "Users", permission: "users:manage",
    description: "Every user, active or not (active first, then by name), with roles and team; keyset-paginated (`limit`, `cursor` → `nextCursor`).", query: ZListUsersQuery, response: ZListUsersResponse, status: 200 },
  { ...both, method: "POST", path: "/api/v1/users", operationId: "createUser", summary: "Create a user", tag: "Users", permission: "users:manage",
    description: "The email is stored lower-cased and must be unused; the password is stored as an scrypt hash. A signed-in administrator in sudo mode only (`POST /api/v1/session/sudo`); no API token, whatever its scopes (docs/SECURITY.md).", body: ZCreateUserRequest, response: ZUser, status: 201, errors: [409] },
  { ...both, method: "PATCH", path: "/api/v1/users/{userId}", operationId: "updateUser", summary: "Update a user", tag: "Users", permission: "users:manage",
    description: "Change name, roles, team or password, or deactivate. Signed-in administrators only (no API token); granting ADMIN or setting a password also needs sudo mode (403 with `sudoRequired: true`). A new password, other roles or deactivation end the user's sessions. Administrators cannot deactivate themselves or drop their own admin role, and the last active administrator cannot be removed (409).",
    params: ZUserIdParams, body: ZUpdateUserRequest, response: ZUser, status: 200, errors: [404, 409] },
  { ...both, method: "POST", path: "/api/v1/users/invitations", operationId: "inviteUser", summary: "Invite a user", tag: "Users", permission: "users:manage",
    description: "Creates the user without a password, inactive, and answers a one-time set-your-password link (`inviteUrl`, shown this once; only its hash is stored) valid for 72 hours. Opening it lets the person choose a password, which activates the account. Whoever holds the link sets the password, so this needs sudo mode, like an initial password; never an API token (docs/SECURITY.md).",
    body: ZInviteUserRequest, response: ZInviteUserResponse, status: 201, errors: [409] },
  { ...both, method: "POST", path: "/api/v1/users/{userId}/invitation", operationId: "reissueUserInvite", summary: "Issue a new invitation link", tag: "Users", permission: "users:manage",
    description: "A new one-time link for a user who has not set a password yet; every older link of theirs stops working. Sudo mode. A user who has a password, or was deactivated, answers 409.",
    params: ZUserIdParams, response: ZInviteUserResponse, status: 201, errors: [404, 409] },
  { method: "POST", path: "/api/v1/invitations/accept", operationId: "acceptUserInvite", summary: "Set your password from an invitation link", tag: "Users", permission: null, auth: "public",
    description: "Public: the link's token is the credential. Sets the password (at least 12 characters), activates the account, ends any session of the user and spends the link, in one transaction. Unknown token: 404; a link already used, replaced by a newer one or expired: 409 with `inviteState` and what to do. Of two uses of the same link, exactly one succeeds.",
    body: ZAcceptInviteRequest, response: ZAcceptInviteResponse, status: 200, errors: [404, 409] },
  { ...both, method: "GET", path: "/api/v1/teams", operationId: "listTeams", summary: "List teams", tag: "Teams", permission: "models:read", response: ZListTeamsResponse, status: 200 },
  { ...both, method: "GET", path: "/api/v1/tokens", operationId: "listApiTokens", summary: "List API tokens", tag: "API tokens", permission: "tokens:own",
    description: "Your own tokens (every token for administrators, `tokens:manage`) with scopes, owner, expiry and last use. Tokens themselves are never stored, so never returned. A bearer token needs `tokens:manage` here. Newest first, keyset-paginated (`limit`, `cursor` → `nextCursor`).", query: ZListApiTokensQuery, response: ZListApiTokensResponse, status: 200 },
  { ...both, method: "POST", path: "/api/v1/tokens", operationId: "createApiToken", summary: "Create an API token", tag: "API tokens", permission: "tokens:own",
    description: "The response carries the bearer token (`mg_…`) once: store it then. Every user creates tokens acting as themselves; administrators may name another active user (`userId`). Scopes above that user's roles are refused (403, e.g. `admin` for a data scientist); the token is limited to the user's roles intersected with its scopes. Expiry: `expiresInDays`, default 90, at most MODELGATE_TOKEN_MAX_DAYS (422 beyond).",
    body: ZCreateApiTokenRequest, response: ZCreateApiTokenResponse, status: 201 },
  { ...both, method: "POST", path: "/api/v1/tokens/{tokenId}/revoke", operationId: "revokeApiToken", summary: "Revoke an API token", tag: "API tokens", permission: "tokens:own",
    description: "The token stops working at once. Your own tokens (anyone's for administrators); another user's token answers 404. Revoking a revoked token answers 409.", params: ZApiTokenIdParams, response: ZApiToken, status: 200, errors: [404, 409] },
  { ...both, method: "GET", path: "/api/v1/audit", operationId: "listAuditEvents", summary: "List audit events", tag: "Audit", permission: "audit:read",
    description: "Newest first, filtered, paginated with an opaque cursor.", query: ZListAuditQuery, response: ZListAuditResponse, status: 200 },
  { ...both, method: "GET", path: "/api/v1/audit/verify", operationId: "verifyAuditChain", summary: "Verify the audit hash chain", tag: "Audit", permission: "audit:read",
    description: "Recomputes the hash chain from the newest signed checkpoint (or from the first event with `full=true`): proves no chained event was altered, removed or reordered since it was chained, and reports events still pending for the sequencer.", query: ZAuditVerifyQuery, response: ZAuditVerifyResponse, status: 200 },
];

const META: Op[] = [
  { method: "GET", path: "/api/v1/openapi.json", operationId: "getOpenApiDocument", summary: "This OpenAPI document", tag: "Meta", permission: null, auth: "public",
    description: "Public, so code generators and API tools can fetch it without credentials. It describes the API, no data; every operation it lists still checks its own authentication and permission.",
    response: ZOpenApiDocument, status: 200 },
];

const HANDOFFS: Op[] = [
  { ...both, method: "POST", path: "/api/v1/models/{modelId}/handoffs", operationId: "proposeHandoff", summary: "Propose a handoff", tag: "Handoffs", permission: "handoffs:propose",
    description: "DS_TO_IT: the data-science owner hands operations to an IT operator, after the model's first production deployment. IT_TO_DS: the IT owner hands the data-science role to a data scientist. Administrators may propose either. Every checklist item must be answered (`checklist.runbook` must be an http(s) URL). One proposed handoff per model (409). Emits `handoff.proposed`.",
    params: ZModelRefParams, body: ZProposeHandoffRequest, response: ZHandoff, status: 201, errors: [404, 409] },
  { ...both, method: "GET", path: "/api/v1/handoffs", operationId: "listHandoffs", summary: "List handoffs", tag: "Handoffs", permission: "models:read",
    description: "Filter by status, receiver, proposer or model; newest first (PROPOSED: oldest first). Paginate with `nextCursor`.", query: ZListHandoffsQuery, response: ZListHandoffsResponse, status: 200 },
  { ...both, method: "POST", path: "/api/v1/handoffs/{handoffId}/accept", operationId: "acceptHandoff", summary: "Accept a handoff", tag: "Handoffs", permission: "handoffs:decide",
    description: "Only the receiver. The model's owners change, the ownership history gains a row, and `handoff.accepted` is emitted — all at once; a second accept answers 409.",
    params: ZHandoffParams, body: ZAcceptHandoffRequest, response: ZHandoff, status: 200, errors: [404, 409] },
  { ...both, method: "POST", path: "/api/v1/handoffs/{handoffId}/decline", operationId: "declineHandoff", summary: "Decline a handoff", tag: "Handoffs", permission: "handoffs:decide",
    description: "Only the receiver, with a reason. Emits `handoff.declined`.", params: ZHandoffParams, body: ZDeclineHandoffRequest, response: ZHandoff, status: 200, errors: [404, 409] },
  { ...both, method: "POST", path: "/api/v1/handoffs/{handoffId}/cancel", operationId: "cancelHandoff", summary: "Cancel a handoff", tag: "Handoffs", permission: "handoffs:propose",
    description: "The proposer or an administrator withdraws a proposed handoff.", params: ZHandoffParams, body: ZCancelHandoffRequest, response: ZHandoff, status: 200, errors: [404, 409] },
  { ...both, method: "POST", path: "/api/v1/models/{modelId}/ownership", operationId: "overrideOwnership", summary: "Override a model's owners", tag: "Handoffs", permission: "ownership:override",
    description: "Administrators only, with a reason kept in the audit log and the ownership history. Cancels a proposed handoff of the model.",
    params: ZModelRefParams, body: ZOverrideOwnershipRequest, response: ZModel, status: 200, errors: [404, 409] },
  { ...both, method: "GET", path: "/api/v1/users/{userId}/responsibilities", operationId: "getUserResponsibilities", summary: "What a user owns and holds", tag: "Users", permission: "users:manage",
    description: "The models the user owns (with the handoff that reassigns each role), their approvals on pending requests and the handoffs waiting on them — what to reassign before deactivating them.",
    params: ZUserIdParams, response: ZUserResponsibilities, status: 200, errors: [404] },
  { auth: "session", method: "POST", path: "/api/v1/users/{userId}/sessions/revoke", operationId: "revokeUserSessions", summary: "Sign a user out everywhere", tag: "Users", permission: "overview:read",
    description: "Ends every browser session of the user (yours, or anyone's as an administrator; others get 404). API tokens are not affected.", params: ZUserIdParams, response: ZRevokeSessionsResponse, status: 200, errors: [404] },
  { auth: "session", method: "POST", path: "/api/v1/session/sudo", operationId: "confirmSudo", summary: "Enter sudo mode", tag: "Users", permission: "overview:read",
    description: "Re-enter your own password (422 when wrong) to grant ADMIN or set passwords for the next 10 minutes, in this browser session only; the proof is an HttpOnly cookie.", body: ZConfirmSudoRequest, response: ZConfirmSudoResponse, status: 200 },
];

/** Grouped by feature; the order is the order of the reference page within each tag. */
const SERIES: Op[] = [
  { ...both, method: "GET", path: "/api/v1/versions/{versionId}/series", operationId: "getVersionSeries", summary: "Metric series of a version", tag: "Monitoring", permission: "models:read",
    description: "Bucketed in SQL (avg, min, max, count per bucket; at most ~1,000 buckets per metric). Gaps are null points, never zeros.",
    params: ZVersionParams, query: ZSeriesQuery, response: ZSeriesResponse, status: 200, errors: [404] },
  { ...both, method: "GET", path: "/api/v1/models/{modelId}/series", operationId: "getModelSeries", summary: "Production history of a model", tag: "Monitoring", permission: "models:read",
    description: "Metric series across every version of the model, with production deployment markers.", params: ZModelRefParams, query: ZSeriesQuery, response: ZSeriesResponse, status: 200, errors: [404] },
];

const WEBHOOKS: Op[] = [
  { ...both, method: "GET", path: "/api/v1/webhooks", operationId: "listWebhooks", summary: "List webhooks", tag: "Webhooks", permission: "webhooks:manage",
    description: "Every webhook with its subscription and deliveries counted per status. Secrets are never returned after creation.", response: ZListWebhooksResponse, status: 200 },
  { ...both, method: "POST", path: "/api/v1/webhooks", operationId: "createWebhook", summary: "Create a webhook", tag: "Webhooks", permission: "webhooks:manage",
    description: 'Subscribes an http(s) URL to event types (or `["*"]`). The response carries the signing secret (`whsec_…`) once: store it then.',
    body: ZCreateWebhookRequest, response: ZWebhookWithSecret, status: 201 },
  { ...both, method: "PATCH", path: "/api/v1/webhooks/{webhookId}", operationId: "updateWebhook", summary: "Update a webhook", tag: "Webhooks", permission: "webhooks:manage",
    description: "Change the URL, subscription, description or active flag. Deactivating fails the webhook's pending deliveries; they can be redelivered once it is active again.",
    params: ZWebhookIdParams, body: ZUpdateWebhookRequest, response: ZWebhook, status: 200, errors: [404] },
  { ...both, method: "DELETE", path: "/api/v1/webhooks/{webhookId}", operationId: "deleteWebhook", summary: "Delete a webhook", tag: "Webhooks", permission: "webhooks:manage",
    description: "Deletes the webhook with its deliveries and their attempts; the audit log keeps the record.", params: ZWebhookIdParams, response: null, status: 204, errors: [404] },
  { ...both, method: "POST", path: "/api/v1/webhooks/{webhookId}/rotate-secret", operationId: "rotateWebhookSecret", summary: "Rotate a webhook's secret", tag: "Webhooks", permission: "webhooks:manage",
    description: "Replaces the signing secret at once and returns the new one, once. Requests refused by a receiver still holding the old secret are retried on the backoff schedule.",
    params: ZWebhookIdParams, response: ZWebhookWithSecret, status: 200, errors: [404] },
  { ...both, method: "GET", path: "/api/v1/webhooks/{webhookId}/deliveries", operationId: "listWebhookDeliveries", summary: "List a webhook's deliveries", tag: "Webhooks", permission: "webhooks:manage",
    description: "Newest first, each with every attempt's status code, duration and error; filter by status, paginate with `nextCursor`.",
    params: ZWebhookIdParams, query: ZListDeliveriesQuery, response: ZListDeliveriesResponse, status: 200, errors: [404] },
  { ...both, method: "POST", path: "/api/v1/webhooks/{webhookId}/test", operationId: "sendWebhookTestEvent", summary: "Send a test event", tag: "Webhooks", permission: "webhooks:manage",
    description: "Queues a `webhook.test` event for this webhook only, delivered like any other (signed, retried). 409 when the webhook is inactive.",
    params: ZWebhookIdParams, response: ZWebhookDelivery, status: 201, errors: [404, 409] },
  { ...both, method: "POST", path: "/api/v1/deliveries/{deliveryId}/redeliver", operationId: "redeliverWebhookDelivery", summary: "Redeliver", tag: "Webhooks", permission: "webhooks:manage",
    description: "Makes a FAILED or SUCCEEDED delivery PENDING again with a fresh cycle of retries; the same event id is sent again. 409 while it is pending or its webhook is inactive.",
    params: ZDeliveryIdParams, response: ZWebhookDelivery, status: 200, errors: [404, 409] },
];

const OPERATIONS: Op[] = [
  { ...both, method: "GET", path: "/api/v1/environments", operationId: "listEnvironments", summary: "List environments", tag: "Deployments", permission: "models:read",
    description: "Production environments first, each with the number of models live in it.", response: ZListEnvironmentsResponse, status: 200 },
  { ...both, method: "POST", path: "/api/v1/environments", operationId: "createEnvironment", summary: "Add an environment", tag: "Deployments", permission: "deployments:write",
    description: "Administrators only. `isProduction` decides whether its data drives health and alerts and whether rollback applies. Names are unique (409).",
    body: ZCreateEnvironmentRequest, response: ZEnvironment, status: 201, errors: [409] },
  { ...both, method: "GET", path: "/api/v1/models/{modelId}/deployments", operationId: "listDeployments", summary: "Deployment history of a model", tag: "Deployments", permission: "models:read",
    description: "Newest first: version, environment, status, who deployed it, since when and until when. Filter by environment; paginate with `nextCursor`.",
    params: ZModelRefParams, query: ZListDeploymentsQuery, response: ZListDeploymentsResponse, status: 200, errors: [404] },
  { ...both, method: "POST", path: "/api/v1/models/{modelId}/deployments", operationId: "recordDeployment", summary: "Record a deployment", tag: "Deployments", permission: "deployments:write",
    description: "Records that a version (by `versionId` or `version` number) now runs in an environment; the deployment active there becomes SUPERSEDED. Production takes versions in DEPLOYMENT or MONITORING only (409 otherwise, and for a version already live there). A production deployment can open the version's pending MONITORING gate (`promoted`), refreshes the model's health and re-evaluates its alert rules.",
    params: ZModelRefParams, body: ZRecordDeploymentRequest, response: ZRecordDeploymentResponse, status: 201, errors: [404, 409] },
  { ...both, method: "GET", path: "/api/v1/models/{modelId}/rollback", operationId: "getRollbackPlan", summary: "Preview a rollback", tag: "Deployments", permission: "models:read",
    description: "The live version, the version a rollback would return to — the most recently replaced one that was not critical when it was replaced, not rolled back itself — every candidate with why, and whether the caller may roll back.",
    params: ZModelRefParams, query: ZRollbackQuery, response: ZRollbackPlan, status: 200, errors: [404] },
  { ...both, method: "POST", path: "/api/v1/models/{modelId}/rollback", operationId: "rollbackProduction", summary: "Roll back production", tag: "Deployments", permission: "rollback:execute",
    description: "The model's IT owner or an administrator (403 for anyone else) returns a production environment to the last healthy version, with a reason, in one transaction: the live deployment becomes ROLLED_BACK and its version is marked ROLLED_BACK and archived; the target gets a new ACTIVE deployment and re-enters MONITORING. Audited; emits `deployment.rolled_back`. Send `fromVersionId`/`toVersionId` from the preview to make the confirmation exact (409 when either changed).",
    params: ZModelRefParams, body: ZRollbackRequest, response: ZRollbackResponse, status: 200, errors: [404, 409] },
  { ...both, method: "GET", path: "/api/v1/models/{modelId}/alert-rules", operationId: "listAlertRules", summary: "List a model's alert rules", tag: "Alerts", permission: "alerts:read",
    description: "Each rule with its condition in words and its unresolved alert, if any.", params: ZModelRefParams, response: ZListAlertRulesResponse, status: 200, errors: [404] },
  { ...both, method: "POST", path: "/api/v1/models/{modelId}/alert-rules", operationId: "createAlertRule", summary: "Add an alert rule", tag: "Alerts", permission: "alerts:read",
    description: "The people who operate the model (its team, owners, IT operations, administrators; with `models:write` or `alerts:acknowledge`) add rules of seven kinds: METRIC_THRESHOLD, LATENCY and ERROR_RATE `{metric, op, value, windowHours}`, DATASET_DRIFT `{share}`, FEATURE_PSI `{feature?, band}`, DATA_QUALITY `{feature?, maxMissingRate?, maxUnseenShare?}`, STALENESS `{hours}`. The model's rules are evaluated at once.",
    params: ZModelRefParams, body: ZCreateAlertRuleRequest, response: ZAlertRule, status: 201, errors: [404, 409] },
  { ...both, method: "PATCH", path: "/api/v1/alert-rules/{ruleId}", operationId: "updateAlertRule", summary: "Change an alert rule", tag: "Alerts", permission: "alerts:read",
    description: "Name, severity, retrain, enabled, or a complete config for the rule's kind (`config.<field>` named on 422). Disabling resolves the rule's alert; the model's rules are re-evaluated.",
    params: ZAlertRuleParams, body: ZUpdateAlertRuleRequest, response: ZAlertRule, status: 200, errors: [404] },
  { ...both, method: "GET", path: "/api/v1/alerts", operationId: "listAlerts", summary: "List alerts", tag: "Alerts", permission: "alerts:read",
    description: "Newest first; filter by status (UNRESOLVED = OPEN or ACKNOWLEDGED), severity, model (id or slug) and rule kind; paginate with `nextCursor`.",
    query: ZListAlertsQuery, response: ZListAlertsResponse, status: 200, errors: [404] },
  { ...both, method: "POST", path: "/api/v1/alerts/{alertId}/acknowledge", operationId: "acknowledgeAlert", summary: "Acknowledge an alert", tag: "Alerts", permission: "alerts:acknowledge",
    description: "Takes an OPEN alert with a note saying what is being done. It stays unresolved until its condition clears; acknowledging twice, or a resolved alert, answers 409.",
    params: ZAlertParams, body: ZAcknowledgeAlertRequest, response: ZAlert, status: 200, errors: [404, 409] },
  { ...both, method: "GET", path: "/api/v1/retraining-requests", operationId: "listRetrainingRequests", summary: "List retraining requests", tag: "Retraining", permission: "models:read",
    description: "Newest first, with the evidence that opened each, its assignee and the version registered for it; filter by status, model or assignee.",
    query: ZListRetrainingRequestsQuery, response: ZListRetrainingRequestsResponse, status: 200, errors: [404] },
  { ...both, method: "PATCH", path: "/api/v1/retraining-requests/{retrainingId}", operationId: "updateRetrainingRequest", summary: "Assign or move a retraining request", tag: "Retraining", permission: "models:read",
    description: "The people who operate the model assign it (an open request then becomes IN_PROGRESS) or move its status; DONE and CANCELLED are final (409). Audited.",
    params: ZRetrainingParams, body: ZUpdateRetrainingRequest, response: ZRetrainingRequest, status: 200, errors: [404, 409] },
];

const NOTIFICATIONS: Op[] = [
  { ...both, method: "GET", path: "/api/v1/notifications", operationId: "listNotifications", summary: "List your notifications", tag: "Notifications", permission: "models:read",
    description: "The caller's own notifications, newest first, with the unread count; paginate with `nextCursor`.", query: ZListNotificationsQuery, response: ZListNotificationsResponse, status: 200 },
  { ...both, method: "POST", path: "/api/v1/notifications/read", operationId: "markNotificationsRead", summary: "Mark notifications read", tag: "Notifications", permission: "models:read",
    description: "The ids given (other people's ids match nothing), or all with `{ \"all\": true }`.", body: ZMarkNotificationsReadRequest, response: ZMarkNotificationsReadResponse, status: 200 },
];

export const API_OPERATIONS: readonly TApiOperation[] = [...MODELS, ...VERSIONS, ...PROMOTIONS, ...HANDOFFS, ...MONITORING, ...GATE_POLICIES, ...SERIES, ...OPERATIONS, ...WEBHOOKS, ...ADMIN, ...NOTIFICATIONS, ...META];
