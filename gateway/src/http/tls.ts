import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { SecureServerOptions } from 'node:http2';
import type { Config } from '../../../platform/src/config';

export interface GatewayTlsOptions {
  /** PEM certificate chain and private key. */
  cert: string;
  key: string;
  /** A plain-HTTP port whose every request is redirected (308) to the HTTPS one. */
  redirectHttpPort?: number;
}

/** A PEM given inline (`-----BEGIN …`, `\n` escapes allowed) or the path of a PEM file. */
export function readPem(value: string): string {
  const inline = value.trim();
  if (inline.startsWith('-----BEGIN')) return inline.replace(/\\n/g, '\n');
  return readFileSync(inline, 'utf8');
}

/** The gateway's TLS from SOTTO_TLS_CERT and SOTTO_TLS_KEY (both, or neither). */
export function gatewayTlsOptions(config: Config): { tls?: GatewayTlsOptions } {
  const { SOTTO_TLS_CERT: cert, SOTTO_TLS_KEY: key } = config;
  if (!cert && !key) {
    if (config.SOTTO_TLS_REDIRECT_HTTP_PORT !== undefined) {
      throw new Error('SOTTO_TLS_REDIRECT_HTTP_PORT needs SOTTO_TLS_CERT and SOTTO_TLS_KEY');
    }
    return {};
  }
  if (!cert || !key) throw new Error('Set both SOTTO_TLS_CERT and SOTTO_TLS_KEY, or neither');
  return {
    tls: {
      cert: readPem(cert),
      key: readPem(key),
      redirectHttpPort: config.SOTTO_TLS_REDIRECT_HTTP_PORT,
    },
  };
}

/** Node's TLS server options: TLS 1.2 and 1.3 only, Node's modern default ciphers. */
export function httpsServerOptions(tls: GatewayTlsOptions): SecureServerOptions {
  return { cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' };
}

function hostnameOf(header: string | undefined): string | null {
  try {
    return header ? new URL(`http://${header}`).hostname : null;
  } catch {
    return null;
  }
}

/**
 * A plain-HTTP listener that sends every request to the same host and path over HTTPS (308,
 * so that a POST stays a POST). It never serves the API: a token sent in clear is the client's
 * mistake, not a reason to answer it.
 */
export async function startHttpsRedirect(
  host: string,
  port: number,
  httpsPort: number,
): Promise<Server> {
  const server = createServer((request, response) => {
    const hostname = hostnameOf(request.headers.host) ?? host;
    const authority = httpsPort === 443 ? hostname : `${hostname}:${httpsPort}`;
    response.writeHead(308, {
      location: `https://${authority}${request.url ?? '/'}`,
      'content-length': '0',
      connection: 'close',
    });
    response.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
