/**
 * Which hosts a note's figure URL may reach. A note is untrusted text that can name any URL,
 * so by default only public unicast addresses are fetched: loopback, private, link-local
 * (169.254.169.254, the cloud metadata service, among them), multicast, unique-local,
 * unspecified and reserved addresses are refused, for IPv4 and IPv6 alike (IPv4-mapped IPv6
 * included). The rules are ipaddr.js's ranges, applied by request-filtering-agent at connect
 * time: for a name, to the addresses its lookup returned, just before the socket connects to
 * them, so a name that changes its answer between a check and the connection (DNS
 * rebinding) cannot slip through; every redirect is a new connection and is checked again.
 */
import type { Agent } from "node:http";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from "request-filtering-agent";

export interface HostPolicy {
  /** `--allow-private-hosts`: every address may be fetched (a figure server on the LAN, say). */
  allowPrivateHosts: boolean;
  /**
   * Addresses or CIDR ranges fetched although not public, without opening everything else
   * (the tests' own servers on 127.0.0.2). Only as a programmatic option; the CLI has the switch.
   */
  allowAddresses: readonly string[];
  /** Name resolution (default `dns.lookup`); its answers are checked like the system's. */
  lookup?: LookupFunction | undefined;
}

export const PUBLIC_HOSTS_ONLY: Readonly<HostPolicy> = Object.freeze({
  allowPrivateHosts: false,
  allowAddresses: [],
});

/** One agent per scheme for one download (redirects may switch scheme); destroy both after. */
export function policyAgents(policy: HostPolicy): { http: Agent; https: Agent; destroy(): void } {
  const options = {
    allowPrivateIPAddress: policy.allowPrivateHosts,
    allowMetaIPAddress: policy.allowPrivateHosts,
    allowIPAddressList: [...policy.allowAddresses],
  };
  const http = new RequestFilteringHttpAgent(options);
  const https = new RequestFilteringHttpsAgent(options);
  return {
    http,
    https,
    destroy: () => {
      http.destroy();
      https.destroy();
    },
  };
}

export interface HostRefusal {
  /** The address refused, as connected to (for a name, what it resolved to). */
  address: string;
  /** The name that resolved to it, when the URL held a name rather than an address. */
  host: string | null;
  /** What the address is: `a loopback address`. */
  kind: string;
}

/**
 * request-filtering-agent refuses with a plain Error whose message names the address and the
 * host ("DNS lookup <address>(family:<f>, host:<host>) is not allowed. ..."); this reads it
 * back so the refusal gets its own rule. test/embed/images.test.ts pins the format.
 */
const AGENT_REFUSAL = /^DNS lookup (.+?)\(family:[^,]*, host:([^)]*)\) is not allowed/;

export function hostRefusal(error: unknown): HostRefusal | null {
  const match = error instanceof Error ? AGENT_REFUSAL.exec(error.message) : null;
  if (!match?.[1]) return null;
  const address = match[1];
  const host = match[2] && match[2] !== "undefined" && match[2] !== address ? match[2] : null;
  return { address, host, kind: describeAddress(address) };
}

const METADATA_ADDRESSES = new Set(["169.254.169.254", "fd00:ec2::254"]);

const RANGE_NAMES: Record<string, string> = {
  unspecified: "the unspecified address (this machine)",
  broadcast: "the broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address",
  loopback: "a loopback address",
  carrierGradeNat: "a carrier-grade NAT (shared) address",
  private: "a private address",
  uniqueLocal: "a unique-local (private) address",
  deprecatedSiteLocal: "a site-local (private) address",
  reserved: "a reserved address",
};

/** `a loopback address`, `a link-local address (the cloud metadata service)`. */
export function describeAddress(address: string): string {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return "not an address that can be checked";
  }
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    const v4 = (parsed as ipaddr.IPv6).toIPv4Address().toString();
    return `the IPv4-mapped form of ${v4}, ${describeAddress(v4)}`;
  }
  const range = parsed.range();
  const name = RANGE_NAMES[range] ?? `in the special-purpose range "${range}"`;
  const metadata = METADATA_ADDRESSES.has(parsed.toString()) ? " (the cloud metadata service)" : "";
  return `${name}${metadata}`;
}
