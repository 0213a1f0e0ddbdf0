import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { Environment } from '../../../platform/src/tenancy/tenant';
import { isForbiddenAddress, mayReachPrivateAddresses } from './target-url';

/** A 2xx within this time is a success; anything slower is a failed attempt. */
export const DELIVERY_TIMEOUT_MS = 10_000;

export interface SendOutcome {
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  succeeded: boolean;
}

class ForbiddenAddress extends Error {}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * Resolves the host as the connection will use it and refuses private addresses: checking at
 * connection time, on the very addresses connected to, defeats a DNS answer changed since the
 * endpoint was registered.
 */
function publicOnlyLookup(
  hostname: string,
  options: { all?: boolean; family?: number },
  callback: LookupCallback,
): void {
  dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses) => {
    if (error) return callback(error, []);
    const forbidden = addresses.find((entry) => isForbiddenAddress(entry.address));
    if (forbidden || !addresses.length) {
      return callback(
        new ForbiddenAddress(
          `refused: ${hostname} resolves to ${forbidden?.address ?? 'nothing'}, a private address`,
        ),
        [],
      );
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

/**
 * POSTs one signed webhook. Never follows redirects; gives up after 10 s; outside the sandbox,
 * refuses to connect to a private, loopback or link-local address.
 */
export function sendWebhook(
  target: string,
  headers: Record<string, string>,
  body: string,
  environment: Environment,
): Promise<SendOutcome> {
  const started = performance.now();
  const url = new URL(target);
  const guarded = !mayReachPrivateAddresses(environment);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const elapsed = () => Math.round(performance.now() - started);
  if (guarded && isIP(host) && isForbiddenAddress(host)) {
    return Promise.resolve({
      statusCode: null,
      latencyMs: 0,
      error: `refused: ${host} is a private, loopback or link-local address`,
      succeeded: false,
    });
  }
  return new Promise((resolve) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Sotto-Webhooks/1.0',
        },
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        ...(guarded ? { lookup: publicOnlyLookup as never } : {}),
      },
      (response) => {
        // The answer's body is not kept: only its status counts.
        response.resume();
        response.on('error', (error) => finish(response.statusCode ?? null, error));
        response.on('end', () => finish(response.statusCode ?? null));
      },
    );
    let done = false;
    const finish = (statusCode: number | null, error?: Error) => {
      if (done) return;
      done = true;
      const ok = !error && statusCode !== null && statusCode >= 200 && statusCode < 300;
      resolve({
        statusCode,
        latencyMs: elapsed(),
        error: error
          ? describe(error)
          : ok
            ? null
            : `the endpoint answered ${statusCode ?? 'nothing'}`,
        succeeded: ok,
      });
    };
    request.on('error', (error) => finish(null, error));
    request.end(body);
  });
}

function describe(error: Error): string {
  if (error instanceof ForbiddenAddress) return error.message;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') {
    return `no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`;
  }
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `${code}: ${error.message}` : error.message;
}
