import type { FastifyInstance } from 'fastify';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** A route template (`/api/v1/orders/:id`, `/calendar/:token.ics`) as a pattern for a path. */
function patternOf(url: string): RegExp {
  const escaped = url
    .split(/(:\w+)/)
    .map((part) => (part.startsWith(':') ? '[^/]+?' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${escaped}$`);
}

/**
 * The methods each URL answers, recorded as routes are declared (create it before the first
 * route), for the not-found handler to tell a 405 from a 404 and to answer `OPTIONS`. Routes
 * added later, by any plugin, are covered without declaring anything.
 */
export class RouteMethods {
  private readonly routes = new Map<string, { pattern: RegExp; methods: Set<string> }>();

  static record(app: FastifyInstance): RouteMethods {
    const table = new RouteMethods();
    app.addHook('onRoute', (route) => {
      if (route.url.includes('*')) return;
      const entry = table.routes.get(route.url) ?? {
        pattern: patternOf(route.url),
        methods: new Set<string>(),
      };
      for (const method of [route.method].flat()) entry.methods.add(method.toUpperCase());
      table.routes.set(route.url, entry);
    });
    return table;
  }

  /** What `Allow` says for `path` (no query); empty when no route has this path. */
  allowedAt(path: string): string[] {
    const methods = new Set<string>();
    for (const { pattern, methods: own } of this.routes.values()) {
      if (pattern.test(path)) for (const method of own) methods.add(method);
    }
    if (!methods.size) return [];
    if (methods.has('GET')) methods.add('HEAD');
    methods.add('OPTIONS');
    return METHODS.filter((method) => methods.has(method));
  }
}

/**
 * `Allow` on every `OPTIONS` answer, CORS preflights included (when CORS is on, its plugin
 * answers `OPTIONS` itself, before routing).
 */
export function installAllowOnOptions(app: FastifyInstance, routes: RouteMethods): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'OPTIONS' || reply.hasHeader('allow')) return payload;
    const allow = routes.allowedAt(request.url.split('?')[0]!);
    if (allow.length) reply.header('allow', allow.join(', '));
    return payload;
  });
}
