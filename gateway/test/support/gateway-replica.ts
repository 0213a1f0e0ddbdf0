import http from 'node:http';
import { loadConfig } from '../../../platform/src/config';
import { createLogger, type Logger } from '../../../platform/src/logger';
import { JWKS_PATH } from '../../../subgraphs/identity/src';
import type { HttpAnswer, TestPlatform } from '../../../test/support/test-platform';
import { answerOf } from '../../../test/support/held-request';
import { startGateway, type RunningGateway } from '../../src/gateway-server';
import { gatewayLimitOptions } from '../../src/limits/limit-options';

/** Boot test platforms with this secret to start replicas of their gateway. */
export const REPLICA_SECRET = 'replica-secret-of-the-gateway-tests-0123456789';

export type Request = TestPlatform['request'];

/** Plain HTTP against a base URL, answers read as in the test platform. */
export function httpClient(url: string): Request {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(url + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, text, body: parsed as any };
  };
}

export interface Replica {
  gateway: RunningGateway;
  request: Request;
  stop(): Promise<void>;
}

/**
 * Another gateway over a test platform's subgraphs (booted with {@link REPLICA_SECRET}),
 * configured from `env` as the launcher configures it: a second replica behind the same load
 * balancer, or a gateway with settings of its own.
 */
export async function startReplica(
  platform: TestPlatform,
  env: Record<string, string> = {},
  logger: Logger = createLogger('replica', 'silent'),
): Promise<Replica> {
  const config = loadConfig(env);
  const urls = Object.fromEntries(platform.platform.subgraphs.map((s) => [s.name, s.url]));
  const gateway = await startGateway({
    host: '127.0.0.1',
    port: 0,
    databaseUrl: platform.platform.databaseUrl,
    subgraphUrls: urls,
    jwksUrl: new URL(JWKS_PATH, urls.identity).toString(),
    internalSecret: REPLICA_SECRET,
    maxBodyBytes: config.SOTTO_MAX_BODY_BYTES,
    logger,
    ...gatewayLimitOptions(config),
  });
  return { gateway, request: httpClient(gateway.url), stop: () => gateway.stop() };
}

export interface SlowRequest {
  /** The answer, once the body is complete (or the error of an aborted request). */
  answer: Promise<HttpAnswer>;
  /** Sends the rest of the body. */
  finish(): void;
  /** Drops the connection before the body is complete. */
  abort(): void;
}

/**
 * A request whose body is half sent and then held: in flight for the server, for as long as
 * the test wants, without any timing.
 */
export function slowRequest(
  url: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): SlowRequest {
  const payload = Buffer.from(JSON.stringify(body));
  const half = Math.floor(payload.length / 2);
  const request = http.request(url + path, {
    method,
    agent: false,
    headers: {
      ...headers,
      'content-type': 'application/json',
      'content-length': String(payload.length),
    },
  });
  const answer = answerOf(request);
  request.flushHeaders();
  request.write(payload.subarray(0, half));
  return {
    answer,
    finish: () => request.end(payload.subarray(half)),
    abort: () => request.destroy(),
  };
}

/** Waits, without a deadline of its own (jest's timeout is the bound), until `condition`. */
export async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
}
