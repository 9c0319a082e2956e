import http from "node:http";
import type { AddressInfo } from "node:net";

/** One request as a webhook receiver saw it: the raw body (what the signature covers) and our headers. */
export type TReceivedHook = {
  body: string;
  signature: string | undefined;
  eventId: string;
  eventType: string;
  deliveryId: string;
  attempt: number;
  receivedAt: number;
  /** The sender's TCP port: tells which process sent it (see the two-instance test). */
  remotePort: number;
};

/** What the receiver does with a request: answer (after an optional delay), or never answer. */
export type TReceiverReply =
  { status: number; body?: string; headers?: Record<string, string>; delayMs?: number } | "hang";

export type TTestReceiver = {
  url: string;
  hits: TReceivedHook[];
  /** Hits per Modelgate-Event id. */
  countByEvent(): Map<string, number>;
  close(): Promise<void>;
};

/**
 * A real HTTP receiver on 127.0.0.1 (port 0: the OS picks a free one) for webhook tests and benchmarks.
 * `reply` decides each answer from the request and its 1-based position.
 */
export async function startReceiver(
  reply: (hit: TReceivedHook, n: number) => TReceiverReply | Promise<TReceiverReply> = () => ({ status: 200 }),
): Promise<TTestReceiver> {
  const hits: TReceivedHook[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const h = (name: string) => req.headers[name] as string | undefined;
      const hit: TReceivedHook = {
        body: Buffer.concat(chunks).toString("utf8"),
        signature: h("modelgate-signature"),
        eventId: h("modelgate-event") ?? "",
        eventType: h("modelgate-event-type") ?? "",
        deliveryId: h("modelgate-delivery") ?? "",
        attempt: Number(h("modelgate-attempt") ?? 0),
        receivedAt: Date.now(),
        remotePort: req.socket.remotePort ?? 0,
      };
      hits.push(hit);
      const r = await reply(hit, hits.length);
      if (r === "hang") return;
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(r.status, { "content-type": "text/plain", ...r.headers });
        res.end(r.body ?? "");
      };
      if (r.delayMs) setTimeout(send, r.delayMs);
      else send();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    hits,
    countByEvent() {
      const m = new Map<string, number>();
      for (const h of hits) m.set(h.eventId, (m.get(h.eventId) ?? 0) + 1);
      return m;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
