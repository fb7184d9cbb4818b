/**
 * Where web_fetch may connect. A URL comes from the model, and the model follows text
 * it was shown (a README, a web page), so by default only public addresses are fetched:
 * never loopback, private networks, CGNAT, link-local (cloud metadata at
 * 169.254.169.254), multicast, reserved or the unspecified address, in any spelling
 * (`2130706433`, `0x7f000001`, `127.1` and `[::ffff:127.0.0.1]` are loopback too).
 *
 * The check is made on the addresses the host name resolves to (every one of them),
 * for the first URL and for every redirect. Then the connection goes to the address
 * that was checked, where Deno lets us choose it: plain http through a client whose
 * transport is pinned to that address (a DNS answer that changes between the check and
 * the connect, "DNS rebinding", cannot move it). What remains:
 * - https connects by name (Deno's pinned transport speaks plain text only). Rebinding
 *   an https URL to an internal address fails the TLS handshake, since no internal
 *   service holds a certificate for the attacker's name; only the TCP connect happens.
 * - Under a narrow `--allow-net=host`, Deno asks permission for the pinned IP, which
 *   the user did not grant: the request then goes by name after the check.
 * - With an HTTP(S)_PROXY set, the proxy connects; our check used the local resolver.
 */
import { lookup } from "node:dns/promises";
import { untilAborted } from "./abort.ts";
import {
  type AddressClass,
  classifyIp,
  describeClass,
  inRange,
  parseCidr,
  parseIp,
} from "./ip_address.ts";

/**
 * What the user allowed beyond public addresses (config `webFetch`; the trust rules
 * decide which config files may set it).
 */
export interface AddressPolicy {
  /** Loopback, private, CGNAT and unspecified addresses too (local dev servers). Not link-local. */
  allowPrivate?: boolean;
  /**
   * Hosts fetched whatever they resolve to: "intranet.example.com", "*.corp.example"
   * (subdomains), IP addresses and CIDR ranges ("10.1.2.3", "10.0.0.0/8", "fd00::/8").
   */
  allowHosts?: readonly string[];
}

/** How a host name is resolved (a test seam; default: the system resolver). */
export type Resolver = (hostname: string) => Promise<string[]>;

/** The verdict on one URL: how to connect, or why not. */
export type GuardDecision =
  | { ok: true; client?: Deno.HttpClient }
  | { ok: false; kind: "refused" | "denied" | "dns"; reason: string };

/** Checks one URL (of a request or a redirect) before it is fetched. */
export type AddressGuard = (url: URL, signal: AbortSignal) => Promise<GuardDecision>;

/** The classes `allowPrivate` opens. Link-local stays closed: it is where metadata lives. */
const PRIVATE_CLASSES: ReadonlySet<AddressClass> = new Set([
  "loopback",
  "unspecified",
  "private",
  "shared",
]);

/** Builds the guard for a policy. */
export function createAddressGuard(
  policy: AddressPolicy = {},
  resolve: Resolver = systemResolve,
): AddressGuard {
  const names = (policy.allowHosts ?? []).filter((h) => !parseCidr(h)).map(normalizeHost);
  const ranges = (policy.allowHosts ?? []).flatMap((h) => parseCidr(h) ?? []);
  const allowsName = (host: string) =>
    names.some((n) => n === host || (n.startsWith("*.") && host.endsWith(n.slice(1))));
  const allowsAddress = (ip: Uint8Array, cls: AddressClass) =>
    cls === "public" || (policy.allowPrivate === true && PRIVATE_CLASSES.has(cls)) ||
    ranges.some((r) => inRange(ip, r));

  return async (url, signal) => {
    const host = normalizeHost(url.hostname);
    const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
    const literal = parseIp(host);
    if (!literal && !(await mayConnect(`${host}:${port}`))) {
      return {
        ok: false,
        kind: "denied",
        reason: `Requires net access to "${host}:${port}", run again with the --allow-net flag`,
      };
    }
    let addresses: string[];
    try {
      addresses = literal
        ? [host.replace(/^\[|\]$/g, "")]
        : await untilAborted(resolve(host), signal);
    } catch (error) {
      signal.throwIfAborted();
      if (proxyFor(url)) return { ok: true }; // the proxy resolves names we cannot
      return { ok: false, kind: "dns", reason: `${(error as Error).message}` };
    }
    if (addresses.length === 0) return { ok: false, kind: "dns", reason: "no address" };
    if (!allowsName(host)) {
      for (const address of addresses) {
        const ip = parseIp(address);
        const cls = ip ? classifyIp(ip) : "reserved";
        if (!ip || !allowsAddress(ip, cls)) {
          return { ok: false, kind: "refused", reason: refusal(host, address, cls) };
        }
      }
    }
    return { ok: true, client: await pinnedClient(url, addresses[0], port) };
  };
}

/** A client that connects to `address` whatever DNS says by then, when Deno allows it. */
async function pinnedClient(
  url: URL,
  address: string,
  port: number,
): Promise<Deno.HttpClient | undefined> {
  // https: the pinned transport would send plain text (see the module comment).
  if (url.protocol !== "http:" || parseIp(url.hostname) || proxyFor(url)) return undefined;
  const hostname = address.includes(":") ? `[${address}]` : address;
  if (!(await mayConnect(`${hostname}:${port}`))) return undefined;
  return Deno.createHttpClient({ proxy: { transport: "tcp", hostname, port } });
}

function refusal(host: string, address: string, cls: AddressClass): string {
  const what = host === address || `[${address}]` === host
    ? `"${address}" is ${describeClass(cls)}`
    : `"${host}" resolves to ${address}, ${describeClass(cls)}`;
  return `${what}. web_fetch only fetches public addresses, so that no page or prompt can ` +
    "make it reach local services or cloud metadata. If the user needs it, they can allow " +
    'it in their config: "webFetch": {"allowPrivate": true} or {"allowHosts": ' +
    `["${host.replace(/^\[|\]$/g, "")}"]}.`;
}

/** Host names compare without case and without a trailing dot ("LOCALHOST." is localhost). */
function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, "");
}

async function mayConnect(host: string): Promise<boolean> {
  return (await Deno.permissions.query({ name: "net", host })).state === "granted";
}

/** Every address of `hostname` from the system resolver (hosts file included). */
async function systemResolve(hostname: string): Promise<string[]> {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => entry.address);
}

/** Whether Deno's fetch would send `url` through a proxy set in the environment. */
function proxyFor(url: URL): boolean {
  const names = url.protocol === "https:"
    ? ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
    : ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];
  const proxy = names.some((name) => readEnv(name));
  if (!proxy) return false;
  const noProxy = (readEnv("NO_PROXY") ?? readEnv("no_proxy") ?? "").split(",")
    .map((s) => normalizeHost(s.trim())).filter(Boolean);
  const host = normalizeHost(url.hostname);
  return !noProxy.some((n) =>
    n === "*" || host === n.replace(/^\./, "") || host.endsWith(n.startsWith(".") ? n : `.${n}`)
  );
}

function readEnv(name: string): string | undefined {
  try {
    if (Deno.permissions.querySync({ name: "env", variable: name }).state !== "granted") {
      return undefined;
    }
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined;
  }
}
