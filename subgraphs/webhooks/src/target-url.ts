import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { Environment } from '../../../platform/src/tenancy/tenant';

/**
 * Addresses a webhook may not reach outside the sandbox (server-side request forgery): private,
 * loopback, link-local, carrier-grade NAT, unspecified, multicast and reserved ranges, IPv4 and
 * IPv6, IPv4-mapped IPv6 included.
 */
const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv6');
}

export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return FORBIDDEN.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return FORBIDDEN.check(mapped[1]!, 'ipv4');
    return FORBIDDEN.check(address, 'ipv6');
  }
  return true;
}

/** Only the sandbox may send webhooks to private addresses (local development). */
export function mayReachPrivateAddresses(environment: Environment): boolean {
  return environment === 'sandbox';
}

/** Why a target URL cannot be used, or null when it is a proper http(s) URL. */
export function targetUrlProblem(value: string): string | null {
  if (!URL.canParse(value)) return 'must be an absolute http(s) URL';
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http(s) URL';
  if (url.username || url.password) return 'may not carry credentials';
  if (value.length > 2048) return 'may not be longer than 2048 characters';
  return null;
}

/** The host's addresses, as the delivery would connect to them. */
export async function resolveHost(hostname: string): Promise<string[]> {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return [host];
  const answers = await lookup(host, { all: true, verbatim: true });
  return answers.map((answer) => answer.address);
}

/**
 * Refuses, for a tenant that may not reach private addresses, a URL whose host resolves to one
 * (any of its addresses). Returns the reason, or null when the URL may be used.
 */
export async function forbiddenTargetReason(
  value: string,
  environment: Environment,
): Promise<string | null> {
  if (mayReachPrivateAddresses(environment)) return null;
  const { hostname } = new URL(value);
  let addresses: string[];
  try {
    addresses = await resolveHost(hostname);
  } catch {
    return `the host '${hostname}' does not resolve`;
  }
  const forbidden = addresses.find(isForbiddenAddress);
  return forbidden
    ? `the host '${hostname}' resolves to ${forbidden}, a private, loopback or link-local address`
    : null;
}
