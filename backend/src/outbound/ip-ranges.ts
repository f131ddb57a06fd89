import { isIPv4, isIPv6 } from 'node:net';

/**
 * Why an address must not be reached from the server, or undefined for a public unicast address.
 * Covers IANA's special-purpose registries (RFC 6890 and successors) for both families; IPv6
 * forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that address,
 * so `::ffff:127.0.0.1` is as loopback as `127.0.0.1`.
 */
export interface AddressVerdict {
  /** "a loopback address", "a private network address", ... */
  reason: string;
  /** The IPv4 address an IPv6 form carries, when that is what was judged. */
  embedded?: string;
}

type Range4 = [base: number, prefix: number, reason: string];

const v4 = (text: string) => text.split('.').reduce((value, part) => value * 256 + Number(part), 0);

const IPV4_RANGES: Range4[] = [
  [v4('0.0.0.0'), 8, 'an unspecified ("this network") address'],
  [v4('10.0.0.0'), 8, 'a private network address'],
  [v4('100.64.0.0'), 10, 'a shared (carrier-grade NAT) address'],
  [v4('127.0.0.0'), 8, 'a loopback address'],
  [v4('169.254.0.0'), 16, 'a link-local address'],
  [v4('172.16.0.0'), 12, 'a private network address'],
  [v4('192.0.0.0'), 24, 'a reserved address'],
  [v4('192.0.2.0'), 24, 'a reserved (documentation) address'],
  [v4('192.88.99.0'), 24, 'a reserved (6to4 relay) address'],
  [v4('192.168.0.0'), 16, 'a private network address'],
  [v4('198.18.0.0'), 15, 'a reserved (benchmarking) address'],
  [v4('198.51.100.0'), 24, 'a reserved (documentation) address'],
  [v4('203.0.113.0'), 24, 'a reserved (documentation) address'],
  [v4('224.0.0.0'), 4, 'a multicast address'],
  [v4('255.255.255.255'), 32, 'the broadcast address'],
  [v4('240.0.0.0'), 4, 'a reserved address'],
];

export function classifyIPv4(address: string): AddressVerdict | undefined {
  if (!isIPv4(address)) return { reason: 'not a valid IPv4 address' };
  const value = v4(address);
  for (const [base, prefix, reason] of IPV4_RANGES) {
    const size = 2 ** (32 - prefix);
    if (value >= base && value < base + size) return { reason };
  }
  return undefined;
}

/** The 16 bytes of an IPv6 address (zone id ignored), or undefined when it is not one. */
export function ipv6Bytes(text: string): Uint8Array | undefined {
  const address = text.replace(/^\[|\]$/g, '').split('%')[0]!;
  if (!isIPv6(address)) return undefined;
  let head = address;
  let tail4: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) {
    tail4 = dotted[1]!.split('.').map(Number);
    head = address.slice(0, -dotted[1]!.length);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const groups = (part: string | undefined) => (part ? part.split(':').filter(Boolean).map((group) => parseInt(group, 16)) : []);
  const leftGroups = groups(left);
  const rightGroups = groups(right);
  const missing = 8 - tail4.length / 2 - leftGroups.length - rightGroups.length;
  const all = right === undefined ? leftGroups : [...leftGroups, ...new Array<number>(missing).fill(0), ...rightGroups];
  const bytes = new Uint8Array(16);
  all.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  tail4.forEach((byte, index) => (bytes[12 + index] = byte));
  return bytes;
}

const startsWith = (bytes: Uint8Array, prefix: number[], bits = prefix.length * 8) => {
  for (let bit = 0; bit < bits; bit += 8) {
    const mask = bits - bit >= 8 ? 0xff : (0xff << (8 - (bits - bit))) & 0xff;
    if ((bytes[bit / 8]! & mask) !== (prefix[bit / 8]! & mask)) return false;
  }
  return true;
};
const zeros = (count: number) => new Array<number>(count).fill(0);
const dottedFrom = (bytes: Uint8Array, offset: number) => Array.from(bytes.slice(offset, offset + 4)).join('.');

export function classifyIPv6(address: string): AddressVerdict | undefined {
  const bytes = ipv6Bytes(address);
  if (!bytes) return { reason: 'not a valid IPv6 address' };
  const embedded = (offset: number) => {
    const ipv4 = dottedFrom(bytes, offset);
    const verdict = classifyIPv4(ipv4);
    return verdict ? { reason: verdict.reason, embedded: ipv4 } : undefined;
  };
  if (bytes.every((byte) => byte === 0)) return { reason: 'an unspecified address' };
  if (startsWith(bytes, [...zeros(15), 1])) return { reason: 'a loopback address' };
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (the deprecated "compatible" form) reach IPv4 hosts.
  if (startsWith(bytes, [...zeros(10), 0xff, 0xff])) return embedded(12);
  if (startsWith(bytes, zeros(12))) return embedded(12) ?? { reason: 'a reserved (IPv4-compatible) address' };
  // NAT64 gateways translate 64:ff9b::a.b.c.d to a.b.c.d; 64:ff9b:1::/48 is for local translators.
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b, ...zeros(8)])) return embedded(12);
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01])) return { reason: 'a reserved (local NAT64) address' };
  // 6to4 carries the IPv4 address in bits 16-47.
  if (startsWith(bytes, [0x20, 0x02])) return embedded(2);
  if (startsWith(bytes, [0x20, 0x01, 0x0d, 0xb8])) return { reason: 'a reserved (documentation) address' };
  if (startsWith(bytes, [0x20, 0x01, 0x00, 0x00])) return { reason: 'a reserved (Teredo tunnel) address' };
  if (startsWith(bytes, [0xfc], 7)) return { reason: 'a unique local (private network) address' };
  if (startsWith(bytes, [0xfe, 0x80], 10)) return { reason: 'a link-local address' };
  if (startsWith(bytes, [0xfe, 0xc0], 10)) return { reason: 'a site-local (private network) address' };
  if (startsWith(bytes, [0xff])) return { reason: 'a multicast address' };
  // Everything outside 2000::/3 (global unicast) is reserved or special-purpose.
  if (!startsWith(bytes, [0x20], 3)) return { reason: 'a reserved address' };
  return undefined;
}

/** Either family; an address that is neither is refused as such. */
export function classifyAddress(address: string): AddressVerdict | undefined {
  const bare = address.replace(/^\[|\]$/g, '');
  if (isIPv4(bare)) return classifyIPv4(bare);
  if (isIPv6(bare.split('%')[0]!)) return classifyIPv6(bare);
  return { reason: 'not an IP address' };
}

/** Well-known cloud metadata services outside link-local ranges (Alibaba Cloud's; AWS's IPv6 one). */
const METADATA_ADDRESSES = new Set(['100.100.100.200', 'fd00:ec2::254']);

/**
 * A cloud metadata service or anything else link-local (169.254.0.0/16, fe80::/10, and IPv6 forms
 * carrying such an IPv4 address): refused even where an administrator lets the local network in
 * (their OpenAI-compatible endpoints), since it hands out the machine's cloud credentials.
 */
export function isMetadataAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').split('%')[0]!.toLowerCase();
  if (METADATA_ADDRESSES.has(bare)) return true;
  const verdict = classifyAddress(bare);
  if (verdict?.embedded && METADATA_ADDRESSES.has(verdict.embedded)) return true;
  return !!verdict && verdict.reason.includes('link-local');
}
