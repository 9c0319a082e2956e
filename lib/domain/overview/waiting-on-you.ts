import type { TRole } from "../rbac/permissions";

export type TReviewableRequest = {
  requesterId: string;
  approverIds: readonly string[];
  missingApprovalRoles: readonly string[];
};

/**
 * Does a pending promotion request wait on this reviewer? The approvals queue's rule
 * (listPromotionQueue in lib/server/promotions/list-promotions.ts): not their own request, not already
 * decided by them, and its gate still misses an approval by a role they hold. The overview applies it to
 * compact rows instead of full request DTOs; an integration test keeps the two lists equal.
 */
export function isWaitingOnReviewer(
  actor: { userId: string; roles: readonly TRole[] },
  r: TReviewableRequest,
): boolean {
  if (r.requesterId === actor.userId) return false;
  if (r.approverIds.includes(actor.userId)) return false;
  return r.missingApprovalRoles.some((role) => actor.roles.includes(role as TRole));
}
