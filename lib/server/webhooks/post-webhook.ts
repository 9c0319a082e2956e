import "server-only";
import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { parseRetryAfter, type TAttemptResult } from "@/lib/domain/webhooks/attempt-outcome";
import { formatSignatureHeader, signedPayload } from "@/lib/domain/webhooks/signature";
import { forbiddenAddressReason, ForbiddenWebhookTarget, screenedLookup } from "./webhook-target-policy";

export type TOutgoingWebhook = {
  deliveryId: string;
  eventId: string;
  eventType: string;
  attemptNo: number;
  url: string;
  secret: string;
  /** The exact bytes to send and sign. */
  body: string;
};

const USER_AGENT = "Modelgate-Webhooks/1.0";
// Enough of an error page to say what went wrong; the rest is drained (so the connection can be reused), never stored.
const SNIPPET_BYTES = 1024;

// node:http with keep-alive agents rather than fetch: on the delivery path fetch costs several times more CPU
// per request, which bounds throughput on a small machine. Idle sockets close after 4 s, before the 5 s
// keep-alive timeout of common servers (Node's included), so we rarely reuse a socket the server is closing.
const AGENTS = {
  "http:": new http.Agent({ keepAlive: true, timeout: 4_000 }),
  "https:": new https.Agent({ keepAlive: true, timeout: 4_000 }),
};

class DeliveryTimeout extends Error {
  override name = "DeliveryTimeout";
}

type TRawResponse = { status: number; retryAfter: string | undefined; snippet: string | undefined };

function send(
  url: URL,
  headers: Record<string, string>,
  body: string,
  deadline: number,
  retryStaleSocket = true,
): Promise<TRawResponse> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    // IP literals never reach `lookup`: screen them here; names are screened on the addresses they resolve to.
    const literal = url.hostname.replace(/^\[|\]$/g, "");
    const refused = net.isIP(literal) ? forbiddenAddressReason(literal) : null;
    if (refused) return reject(new ForbiddenWebhookTarget(`Refused: ${refused}`));
    const req = client.request(
      url,
      {
        method: "POST",
        agent: AGENTS[url.protocol as keyof typeof AGENTS],
        lookup: screenedLookup,
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const keep = status < 200 || status >= 300;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          if (keep && size < SNIPPET_BYTES) chunks.push(c);
          size += c.length;
        });
        res.on("end", () => {
          clearTimeout(timer);
          const retryAfter = res.headers["retry-after"];
          resolve({
            status,
            retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
            snippet: keep ? Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString("utf8") : undefined,
          });
        });
        res.on("error", fail);
        res.on("close", () => {
          if (!res.complete) fail(new Error("the connection closed before the response was complete"));
        });
      },
    );
    const timer = setTimeout(() => req.destroy(new DeliveryTimeout()), Math.max(0, deadline - performance.now()));
    function fail(err: Error) {
      clearTimeout(timer);
      // A kept-alive socket the server closed while idle: the request never reached it, send it once more on a new one
      // (the pattern Node's documentation gives for `request.reusedSocket`).
      const code = (err as Error & { code?: string }).code;
      if (retryStaleSocket && req.reusedSocket && (code === "ECONNRESET" || code === "EPIPE"))
        send(url, headers, body, deadline, false).then(resolve, reject);
      else reject(err);
    }
    req.on("error", fail);
    req.end(body);
  });
}

/**
 * POSTs one signed event and reports what happened. Never throws: a timeout or network failure is a
 * result like any status code. `timeoutMs` bounds the whole exchange, response included. The signature's
 * timestamp is the real clock (the receiver checks it against its own), whatever clock drives scheduling.
 * Redirects are not followed: the signed request goes only to the URL an administrator configured.
 */
export async function postWebhook(
  hook: TOutgoingWebhook,
  timeoutMs: number,
): Promise<{ result: TAttemptResult; durationMs: number }> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const headers = {
      "content-type": "application/json",
      "user-agent": USER_AGENT,
      "modelgate-signature": sign(hook.secret, hook.body),
      "modelgate-event": hook.eventId,
      "modelgate-event-type": hook.eventType,
      "modelgate-delivery": hook.deliveryId,
      "modelgate-attempt": String(hook.attemptNo),
    };
    const res = await send(new URL(hook.url), headers, hook.body, started + timeoutMs);
    return {
      result: {
        kind: "response",
        statusCode: res.status,
        retryAfterSeconds: parseRetryAfter(res.retryAfter, new Date()),
        bodySnippet: res.snippet,
      },
      durationMs: elapsed(),
    };
  } catch (err) {
    if (err instanceof DeliveryTimeout) return { result: { kind: "timeout", timeoutMs }, durationMs: elapsed() };
    return { result: { kind: "network", message: networkMessage(err) }, durationMs: elapsed() };
  }
}

/** The Modelgate-Signature header (format in lib/domain/webhooks/signature.ts); node:crypto is synchronous and cheap here. */
function sign(secret: string, body: string): string {
  const t = Math.floor(Date.now() / 1000);
  return formatSignatureHeader(t, [createHmac("sha256", secret).update(signedPayload(t, body)).digest("hex")]);
}

function networkMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as Error & { code?: string }).code;
  return code && !err.message.includes(code) ? `${code} ${err.message}` : err.message;
}
