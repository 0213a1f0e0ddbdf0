import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route's own Content-Security-Policy, for HTML pages (documentation, console) that
     * load scripts and styles; API answers keep {@link API_CONTENT_SECURITY_POLICY}.
     */
    contentSecurityPolicy?: string;
  }
}

/** JSON answers load nothing and are framed nowhere. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Sent on every answer, the API's CSP included unless a route sets its own. */
export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'content-security-policy': API_CONTENT_SECURITY_POLICY,
};

/** Browser hardening headers on every answer, errors and preflights included. */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const policy = request.routeOptions.config?.contentSecurityPolicy;
    if (policy && !reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', policy);
    }
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    return payload;
  });
}
