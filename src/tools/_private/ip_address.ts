/**
 * IP addresses for web_fetch's target check: parsing (IPv4 dotted quads as URL and DNS
 * give them, IPv6 with `::`, an embedded IPv4 tail and a zone), the class of an address
 * (public, loopback, private...), and CIDR ranges for the user's allow list.
 *
 * IPv6 forms that carry an IPv4 address (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`,
 * NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged by that IPv4 address, so
 * `[::ffff:127.0.0.1]` is loopback like `127.0.0.1`.
 */

/** What an address reaches, in the words a refusal message uses. */
export type AddressClass =
  | "public"
  | "loopback"
  | "unspecified"
  | "private"
  | "shared"
  | "link-local"
  | "multicast"
  | "reserved";

/** A parsed address: 4 or 16 bytes. */
export type IpBytes = Uint8Array;

/** Parses an IPv4 or IPv6 literal (brackets and a `%zone` allowed); undefined if it is none. */
export function parseIp(text: string): IpBytes | undefined {
  let s = text.trim();
  if (s.startsWith("[") && s.endsWith("]")) s = s.slice(1, -1);
  const zone = s.indexOf("%");
  if (zone !== -1) s = s.slice(0, zone);
  return s.includes(":") ? parseIpv6(s) : parseIpv4(s);
}

function parseIpv4(s: string): IpBytes | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    if (!/^\d{1,3}$/.test(parts[i])) return undefined;
    const n = Number(parts[i]);
    if (n > 255) return undefined;
    bytes[i] = n;
  }
  return bytes;
}

function parseIpv6(s: string): IpBytes | undefined {
  let tail: IpBytes | undefined;
  const lastColon = s.lastIndexOf(":");
  if (s.slice(lastColon + 1).includes(".")) {
    tail = parseIpv4(s.slice(lastColon + 1));
    if (!tail) return undefined;
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    if (!/^[0-9a-f]{1,4}$/i.test(all[i])) return undefined;
    const n = parseInt(all[i], 16);
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 0xff;
  }
  if (tail) bytes.set(tail, 12);
  return bytes;
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
function embeddedIpv4(b: IpBytes): IpBytes | undefined {
  const zeros = (from: number, to: number) => b.subarray(from, to).every((x) => x === 0);
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return b.subarray(12); // ::ffff:v4
  if (zeros(0, 12) && !zeros(12, 16) && !(zeros(12, 15) && b[15] === 1)) {
    return b.subarray(12); // ::v4 (deprecated "compatible" form), not :: or ::1
  }
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) {
    return b.subarray(12); // 64:ff9b::/96 NAT64
  }
  if (b[0] === 0x20 && b[1] === 0x02) return b.subarray(2, 6); // 2002::/16 6to4
  return undefined;
}

/** The class of an address (IPv4 or IPv6 bytes). */
export function classifyIp(bytes: IpBytes): AddressClass {
  return bytes.length === 4 ? classifyIpv4(bytes) : classifyIpv6(bytes);
}

function classifyIpv4([a, b, c]: IpBytes): AddressClass {
  if (a === 0) return "unspecified"; // 0.0.0.0/8 reaches this host on Linux
  if (a === 127) return "loopback";
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) {
    return "private";
  }
  if (a === 100 && b >= 64 && b <= 127) return "shared"; // CGNAT, and Alibaba's metadata
  if (a === 169 && b === 254) return "link-local"; // cloud metadata 169.254.169.254
  if (a >= 224 && a <= 239) return "multicast";
  if (a >= 240) return "reserved"; // and 255.255.255.255
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return "reserved"; // IETF (OCI metadata), TEST-NET-1
  if (a === 192 && b === 88 && c === 99) return "reserved"; // 6to4 relay
  if (a === 198 && (b === 18 || b === 19)) return "reserved"; // benchmarking
  if ((a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) {
    return "reserved"; // TEST-NET-2, TEST-NET-3
  }
  return "public";
}

function classifyIpv6(b: IpBytes): AddressClass {
  const v4 = embeddedIpv4(b);
  if (v4) return classifyIpv4(v4);
  const zeros = (from: number, to: number) => b.subarray(from, to).every((x) => x === 0);
  if (zeros(0, 16)) return "unspecified";
  if (zeros(0, 15) && b[15] === 1) return "loopback";
  if ((b[0] & 0xfe) === 0xfc) return "private"; // fc00::/7 unique local (AWS IMDS fd00:ec2::254)
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) return "link-local"; // fe80::/10
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0xc0) return "private"; // fec0::/10 site-local
  if (b[0] === 0xff) return "multicast";
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b) return "private"; // local NAT64
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x00 && b[3] === 0x00) return "reserved"; // Teredo
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x0d && b[3] === 0xb8) return "reserved"; // docs
  if (b[0] === 0x01 && zeros(1, 8)) return "reserved"; // 100::/64 discard
  if (b[0] === 0 && b[1] === 0) return "reserved"; // rest of ::/16
  return "public";
}

/** A CIDR range such as "10.0.0.0/8" or "fd00::/8" (a bare address is a /32 or /128). */
export interface CidrRange {
  bytes: IpBytes;
  prefix: number;
}

/** Parses "addr/prefix" or a bare address; undefined if it is neither. */
export function parseCidr(text: string): CidrRange | undefined {
  const slash = text.lastIndexOf("/");
  const bytes = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  const prefix = slash === -1 ? max : Number(text.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  return { bytes, prefix };
}

/** Whether `ip` lies in `range` (IPv4-mapped IPv6 addresses match IPv4 ranges). */
export function inRange(ip: IpBytes, range: CidrRange): boolean {
  const addr = ip.length === 16 && range.bytes.length === 4 ? embeddedIpv4(ip) ?? ip : ip;
  if (addr.length !== range.bytes.length) return false;
  for (let bit = 0; bit < range.prefix; bit++) {
    const mask = 0x80 >> (bit % 8);
    if ((addr[bit >> 3] & mask) !== (range.bytes[bit >> 3] & mask)) return false;
  }
  return true;
}

/** What a refusal message says an address class is. */
export function describeClass(cls: AddressClass): string {
  switch (cls) {
    case "public":
      return "a public address";
    case "loopback":
      return "a loopback address (this machine)";
    case "unspecified":
      return "the unspecified address (this machine)";
    case "private":
      return "a private network address";
    case "shared":
      return "a carrier-grade NAT address (100.64.0.0/10)";
    case "link-local":
      return "a link-local address (where cloud metadata services answer)";
    case "multicast":
      return "a multicast address";
    case "reserved":
      return "a reserved address";
  }
}
