import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorEnvelopeJson, httpStatusFor } from '../../../platform/src/errors';
import type { Logger } from '../../../platform/src/logger';
import type { z } from 'zod';
import type { ErrorEnvelopeJson } from '../rest/openapi/error-schema';
import { API_PREFIX, API_VERSION, apiVersionOf } from './api-version';
import type { RouteMethods } from './method-routing';
import { newRequestId } from './request-id';
import { SECURITY_HEADERS } from './security-headers';

/**
 * An error on its way to a REST client, with the platform's UPPER_SNAKE code. The envelope
 * shows the code in snake_case and takes the HTTP status from the one mapping table.
 */
export class RestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get status(): number {
    return httpStatusFor(this.code);
  }
}

export function errorEnvelope(
  request: FastifyRequest,
  code: string,
  message: string,
  details?: unknown,
): z.infer<typeof ErrorEnvelopeJson> {
  return errorEnvelopeJson(code, message, String(request.id), details);
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: RestError) {
  return reply
    .code(error.status)
    .headers(error.headers)
    .type('application/json; charset=utf-8')
    .send(errorEnvelope(request, error.code, error.message, error.details));
}

/** Fastify's own errors (body parsing, limits) in the envelope with the contract's statuses. */
function fromFastifyError(error: FastifyError): RestError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new RestError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Send JSON with "Content-Type: application/json"',
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new RestError('PAYLOAD_TOO_LARGE', 'The request body is larger than allowed');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new RestError('MALFORMED_JSON', 'The request body is not valid JSON');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new RestError('BAD_REQUEST', 'The Content-Length header does not match the body');
    default:
      if (error instanceof SyntaxError && error.statusCode === 400) {
        return new RestError('MALFORMED_JSON', 'The request body is not valid JSON');
      }
      return null;
  }
}

/**
 * Errors in the envelope. A request that no route takes is a 404, unless its path exists with
 * other methods: then `OPTIONS` answers 204 and any other method 405, both with `Allow`, before
 * any authentication (what a resource supports is no secret).
 */
export function installErrorEnvelope(
  app: FastifyInstance,
  logger: Logger,
  routes?: RouteMethods,
): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const rest = error instanceof RestError ? error : fromFastifyError(error);
    if (rest) return sendError(request, reply, rest);
    logger.error({ err: error, requestId: request.id }, 'unhandled error');
    return sendError(
      request,
      reply,
      new RestError('INTERNAL_SERVER_ERROR', 'Internal server error'),
    );
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allow = routes?.allowedAt(path) ?? [];
    if (allow.length) {
      reply.header('allow', allow.join(', '));
      if (request.method === 'OPTIONS') return reply.code(204).send();
      return sendError(
        request,
        reply,
        new RestError(
          'METHOD_NOT_ALLOWED',
          `${request.method} is not allowed on ${path}; it allows ${allow.join(', ')}`,
          { allow },
        ),
      );
    }
    const version = apiVersionOf(request.url);
    if (version && version !== API_VERSION) {
      return sendError(
        request,
        reply,
        new RestError(
          'API_VERSION_NOT_FOUND',
          `API version ${version} does not exist; this server serves ${API_PREFIX}`,
          { supported_versions: [API_VERSION] },
        ),
      );
    }
    return sendError(
      request,
      reply,
      new RestError('ROUTE_NOT_FOUND', `No route ${request.method} ${path}`),
    );
  });
}

/**
 * Fastify's `frameworkErrors`: a URL it cannot route (bad percent-encoding, a huge parameter).
 * No hook runs for such a request, so the usual headers are set here.
 */
export function sendFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  reply.headers({ ...SECURITY_HEADERS, 'x-request-id': request.id });
  const failure =
    error.code === 'FST_ERR_ASYNC_CONSTRAINT'
      ? new RestError('INTERNAL_SERVER_ERROR', 'Internal server error')
      : new RestError('BAD_REQUEST', 'The URL of the request is not valid');
  return sendError(request, reply, failure);
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses before there is a request
 * (headers too large, malformed HTTP, a request too slow to arrive), in the envelope and with
 * the usual headers, written on the socket before it is closed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'REQUEST_HEADER_FIELDS_TOO_LARGE', 'The request headers are larger than allowed']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request took too long to arrive']
        : [400, 'BAD_REQUEST', 'The request is not valid HTTP'];
  const requestId = newRequestId();
  const body = JSON.stringify({
    error: { code: code.toLowerCase(), message, request_id: requestId, details: null },
  });
  const headers = {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'x-request-id': requestId,
    connection: 'close',
  };
  if (socket.writable) {
    const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head.join('')}\r\n${body}`);
  }
  socket.destroy(error);
}
