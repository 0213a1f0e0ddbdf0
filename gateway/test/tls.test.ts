import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, type SecureVersion } from 'node:tls';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import {
  bootTestPlatform,
  testDatabaseUrl,
  type TestPlatform,
} from '../../test/support/test-platform';

let platform: TestPlatform;
let dir: string;
let cert: string;
let gateway: URL;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sotto-tls-'));
  // node:crypto cannot make an X.509 certificate: openssl does, for this test only.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-days',
      '1',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
  platform = await bootTestPlatform({
    // A path for one, the PEM itself for the other: both forms are accepted.
    SOTTO_TLS_CERT: path.join(dir, 'cert.pem'),
    SOTTO_TLS_KEY: readFileSync(path.join(dir, 'key.pem'), 'utf8'),
    SOTTO_TLS_REDIRECT_HTTP_PORT: '0',
  });
  gateway = new URL(platform.url);
});
afterAll(async () => {
  await platform?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function httpsGet(pathname: string, at: URL = gateway) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const request = httpsRequest(
        { host: at.hostname, port: at.port, path: pathname, ca: cert },
        (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () =>
            resolve({ status: response.statusCode!, headers: response.headers, body }),
          );
        },
      );
      request.on('error', reject);
      request.end();
    },
  );
}

/** Opens a TLS connection at exactly `version`, the client willing to use old protocols. */
function handshake(version: SecureVersion, at: URL = gateway) {
  return new Promise<string>((resolve, reject) => {
    const socket = connect({
      host: at.hostname,
      port: Number(at.port),
      ca: cert,
      minVersion: version,
      maxVersion: version,
      // Let this client offer TLS 1.1, so that the refusal is the server's.
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    socket.once('secureConnect', () => {
      resolve(socket.getProtocol() ?? '');
      socket.end();
    });
    socket.once('error', reject);
  });
}

describe('TLS at the gateway', () => {
  it('serves HTTPS with the given certificate, with HSTS', async () => {
    expect(gateway.protocol).toBe('https:');
    const answer = await httpsGet('/healthz');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ status: 'ok' });
    expect(answer.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const api = await httpsGet('/api/v1/orders');
    expect(api.status).toBe(401);
    expect(api.headers['strict-transport-security']).toBeTruthy();
  });

  it('speaks TLS 1.2 and 1.3, and refuses TLS 1.1', async () => {
    await expect(handshake('TLSv1.3')).resolves.toBe('TLSv1.3');
    await expect(handshake('TLSv1.2')).resolves.toBe('TLSv1.2');
    await expect(handshake('TLSv1.1')).rejects.toMatchObject({
      // The server's alert 70, protocol_version: the client offered 1.1.
      code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
    });
  });

  it('redirects plain HTTP to HTTPS, path and query kept', async () => {
    const redirect = new URL(platform.platform.gateway!.httpRedirectUrl!);
    const answer = await new Promise<{ status: number; location?: string }>((resolve, reject) => {
      httpGet(
        { host: redirect.hostname, port: redirect.port, path: '/api/v1/orders?limit=2' },
        (response) => {
          response.resume();
          resolve({ status: response.statusCode!, location: response.headers.location });
        },
      ).on('error', reject);
    });
    expect(answer.status).toBe(308);
    expect(answer.location).toBe(
      `https://${gateway.hostname}:${gateway.port}/api/v1/orders?limit=2`,
    );
  });
});

/** A port nobody listens on, for a child process to take. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `npm start` as a gateway-only process, the way docker-compose runs it. */
async function startGatewayProcess(env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(path.resolve('node_modules/.bin/tsx'), ['bin/start.ts'], {
    env: {
      ...process.env,
      ...env,
      SOTTO_SERVICE: 'gateway',
      PORT: String(port),
      LOG_LEVEL: 'silent',
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<null>((resolve) => child.once('exit', () => resolve(null)));
  const ready = async () => {
    for (;;) {
      const up = await fetch(`${url}/healthz`).then(
        (answer) => answer.ok,
        () => false,
      );
      if (up) return url;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const started = await Promise.race([ready(), exited]);
  if (!started) throw new Error('the gateway process exited');
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('TLS between the gateway and the subgraphs', () => {
  it('a subgraph in its own process serves HTTPS, TLS 1.2 and later only', async () => {
    const identity = await bootTestPlatform({
      SOTTO_SERVICE: 'identity',
      SOTTO_INTERNAL_SECRET: 'a'.repeat(32),
      SOTTO_TLS_CERT: path.join(dir, 'cert.pem'),
      SOTTO_TLS_KEY: path.join(dir, 'key.pem'),
    });
    try {
      const subgraph = new URL(identity.platform.subgraphs[0]!.url);
      expect(subgraph.protocol).toBe('https:');
      expect((await httpsGet('/healthz', subgraph)).status).toBe(200);
      await expect(handshake('TLSv1.2', subgraph)).resolves.toBe('TLSv1.2');
      await expect(handshake('TLSv1.1', subgraph)).rejects.toMatchObject({
        code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
      });
    } finally {
      await identity.stop();
    }
  });

  it('a gateway process reaches an HTTPS subgraph through a private CA (NODE_EXTRA_CA_CERTS)', async () => {
    const secret = 'tls-test-internal-secret-0123456789abcdef';
    const others = await bootTestPlatform({ SOTTO_INTERNAL_SECRET: secret });
    const identity = await bootTestPlatform({
      SOTTO_SERVICE: 'identity',
      SOTTO_INTERNAL_SECRET: secret,
      SOTTO_TLS_CERT: path.join(dir, 'cert.pem'),
      SOTTO_TLS_KEY: path.join(dir, 'key.pem'),
    });
    const urls: Record<string, string> = {};
    for (const subgraph of others.platform.subgraphs) {
      urls[`SOTTO_${subgraph.name.toUpperCase()}_URL`] = subgraph.url;
    }
    urls.SOTTO_IDENTITY_URL = identity.platform.subgraphs[0]!.url;
    const env = { ...urls, DATABASE_URL: testDatabaseUrl(), SOTTO_INTERNAL_SECRET: secret };
    const tenant = await others.tenant({ menu: false });
    const exchange = (url: string) =>
      fetch(`${url}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ api_key: tenant.apiKey }),
      });
    try {
      const untrusting = await startGatewayProcess(env);
      try {
        const ready = await fetch(`${untrusting.url}/readyz`);
        expect(ready.status).toBe(503);
        expect(((await ready.json()) as any).checks.identity).toBe(false);
        // The subgraph is not trusted: the exchange fails (a 5xx; no token).
        expect((await exchange(untrusting.url)).status).toBeGreaterThanOrEqual(500);
      } finally {
        await untrusting.stop();
      }
      const trusting = await startGatewayProcess({
        ...env,
        NODE_EXTRA_CA_CERTS: path.join(dir, 'cert.pem'),
      });
      try {
        const ready = await fetch(`${trusting.url}/readyz`);
        expect(((await ready.json()) as any).checks.identity).toBe(true);
        const token = await exchange(trusting.url);
        expect(token.status).toBe(200);
        expect(((await token.json()) as any).token_type).toBe('Bearer');
      } finally {
        await trusting.stop();
      }
    } finally {
      await identity.stop();
      await others.stop();
    }
  }, 120_000);
});

describe('TLS at a load balancer', () => {
  /** Three bad token exchanges, each claiming another client address. */
  async function exchanges(behind: TestPlatform) {
    const statuses = [];
    for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      const answer = await behind.request('POST', '/api/v1/auth/token', {
        body: { api_key: 'sk_not_a_real_key_0000' },
        headers: { 'x-forwarded-for': address },
      });
      statuses.push(answer.status);
    }
    return statuses;
  }

  it('X-Forwarded-For is believed only from SOTTO_TRUST_PROXY', async () => {
    const open = await bootTestPlatform({ SOTTO_AUTH_RATE_PER_MINUTE: '2' });
    try {
      // Not trusted: all three are this test's own address, the third over the limit.
      expect(await exchanges(open)).toEqual([401, 401, 429]);
    } finally {
      await open.stop();
    }
    const proxied = await bootTestPlatform({
      SOTTO_AUTH_RATE_PER_MINUTE: '2',
      SOTTO_TRUST_PROXY: '127.0.0.1',
    });
    try {
      // Trusted: three clients, one exchange each.
      expect(await exchanges(proxied)).toEqual([401, 401, 401]);
    } finally {
      await proxied.stop();
    }
  });
});
