import type { FastifyReply } from 'fastify';
import { serializeRestJson } from './decimal-json';

/** Where values made from the gateway's kept answers are kept (GatewayReadCache.derived). */
export interface DerivedValues {
  derived(source: object, maker: object, make: () => string): string;
}

/** A route's mapper: a module-level function, the same one at every call. */
export type RestMapper<Source> = (source: Source) => unknown;

/**
 * Sends `mapper(source)` as JSON. An answer of the gateway's read cache (or one of its root
 * fields) is served as is to every reader until the tenant's next change: its JSON is made once
 * and kept with it, counted in the cache's size and dropped with it, so a repeated read is not
 * mapped and serialized again. Anything else is mapped each time.
 */
export function keptJsonSender(kept: DerivedValues | undefined) {
  return <Source extends object>(
    reply: FastifyReply,
    source: Source,
    mapper: RestMapper<Source>,
  ): FastifyReply => {
    const make = () => serializeRestJson(mapper(source));
    const json = kept ? kept.derived(source, mapper, make) : make();
    return reply.type('application/json; charset=utf-8').send(json);
  };
}
