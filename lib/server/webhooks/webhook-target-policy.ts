import "server-only";
import dns from "node:dns";
import net, { BlockList } from "node:net";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * Webhook targets may not be internal addresses (SSRF): loopback, private, carrier-grade NAT, link-local
 * (cloud metadata 169.254.169.254 among them), multicast, reserved and documentation ranges, in IPv4 and IPv6
 * (IPv4-mapped IPv6 is judged as its IPv4). Checked when a webhook is created or its URL changes and again
 * at every delivery, on the addresses the name resolves to at that moment (a name cannot rebind to an
 * internal address after being accepted). Operators allow ranges with MODELGATE_WEBHOOK_ALLOW_PRIVATE, a
 * comma-separated CIDR list ("10.20.0.0/16,127.0.0.1/32"); the tests allow 127.0.0.0/8.
 */
const DENIED_V4: [string, number][] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];
const DENIED_V6: [string, number][] = [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
];

const DENIED = new BlockList();
for (const [a, p] of DENIED_V4) DENIED.addSubnet(a, p, "ipv4");
for (const [a, p] of DENIED_V6) DENIED.addSubnet(a, p, "ipv6");

let allowCache: { source: string; list: BlockList } | undefined;

/** MODELGATE_WEBHOOK_ALLOW_PRIVATE as a BlockList (validated by lib/env.ts). */
function allowList(): BlockList {
  const source = getEnv().MODELGATE_WEBHOOK_ALLOW_PRIVATE ?? "";
  if (allowCache?.source !== source) {
    const list = new BlockList();
    for (const cidr of parseCidrList(source)) list.addSubnet(cidr.address, cidr.prefix, cidr.family);
    allowCache = { source, list };
  }
  return allowCache.list;
}

/** "10.0.0.0/8, ::1/128" → subnets; throws on a malformed entry (lib/env.ts reports it at start-up). */
export function parseCidrList(source: string): { address: string; prefix: number; family: "ipv4" | "ipv6" }[] {
  return source
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [address = "", bits] = entry.split("/");
      const v = net.isIP(address);
      const prefix = bits === undefined ? (v === 6 ? 128 : 32) : Number(bits);
      if (!v || !Number.isInteger(prefix) || prefix < 0 || prefix > (v === 6 ? 128 : 32))
        throw new Error(`"${entry}" is not a CIDR range`);
      return { address, prefix, family: v === 6 ? "ipv6" : "ipv4" };
    });
}

/** Null when a webhook may be delivered to `ip`, else why not. */
export function forbiddenAddressReason(ip: string): string | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  const address = mapped ?? ip;
  const family = net.isIP(address) === 6 ? "ipv6" : "ipv4";
  if (allowList().check(address, family)) return null;
  if (!DENIED.check(address, family)) return null;
  return `${address} is a private, loopback, link-local, multicast or reserved address (allow it with MODELGATE_WEBHOOK_ALLOW_PRIVATE).`;
}

/**
 * At creation or URL change: refuses (422 on `url`) an IP literal or a name that resolves now to a forbidden
 * address. A name that does not resolve yet is accepted: delivery checks it again anyway.
 */
export async function assertWebhookTargetAllowed(url: string): Promise<void> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  const addresses = net.isIP(host)
    ? [host]
    : await dns.promises.lookup(host, { all: true }).then(
        (r) => r.map((a) => a.address),
        () => [],
      );
  for (const a of addresses) {
    const reason = forbiddenAddressReason(a);
    if (reason)
      throw new AppError("VALIDATION_FAILED", "Webhooks cannot target internal addresses.", {
        errors: [{ path: "url", message: net.isIP(host) ? reason : `${host} resolves to ${reason}` }],
      });
  }
}

export class ForbiddenWebhookTarget extends Error {
  override name = "ForbiddenWebhookTarget";
  readonly code = "EWEBHOOKTARGET";
}

/**
 * A `lookup` for node:http that resolves as usual and then refuses forbidden addresses, so the check runs on
 * the very addresses the socket connects to (no time-of-check/time-of-use gap for DNS rebinding).
 */
export const screenedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, "", 0);
    const list = addresses as dns.LookupAddress[];
    for (const a of list) {
      const reason = forbiddenAddressReason(a.address);
      if (reason) return callback(new ForbiddenWebhookTarget(`Refused: ${hostname} resolves to ${reason}`), "", 0);
    }
    if ((options as dns.LookupOptions).all)
      return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    return callback(null, list[0]!.address, list[0]!.family);
  });
};
