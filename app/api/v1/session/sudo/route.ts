import { defineRoute, jsonResponse } from "@/lib/server/http/define-route";
import { confirmSudo } from "@/lib/server/auth/confirm-sudo";
import { clientIp } from "@/lib/server/http/client-ip";
import { sudoSetCookie } from "@/lib/server/auth/sudo";
import { ZConfirmSudoRequest } from "@/lib/schemas/users";

/** Sudo mode: re-enter your password; the proof is an HttpOnly cookie bound to this session. */
export const POST = defineRoute({
  auth: "session",
  // Every role holds overview:read: any signed-in person (the use case decides whose sessions).
  permission: "overview:read",
  body: ZConfirmSudoRequest,
  handler: async ({ actor, body, req, requestId }) => {
    const proof = await confirmSudo({ actor, password: body.password, ip: clientIp(req.headers) });
    const res = jsonResponse({ sudoUntil: proof.until.toISOString() }, 200, requestId);
    res.headers.append("set-cookie", sudoSetCookie(proof.value));
    return res;
  },
});
