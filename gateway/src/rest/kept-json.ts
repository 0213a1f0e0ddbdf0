import type { FastifyReply } from 'fastify';
import { serializeRestJson } from './decimal-json';

type Mapper<Source> = (source: Source) => unknown;

/** The JSON of each frozen answer, by the mapper that made it. */
const kept = new WeakMap<object, Map<Mapper<never>, string>>();

/**
 * A REST answer's JSON, mapped from `source` by `mapper` (which must depend on nothing else).
 * An answer of the gateway's read cache is frozen and served as is to every reader until the
 * tenant's next change: its JSON is made once and kept with it (and dropped with it), so a
 * repeated read is not mapped and serialized again. Any other answer is mapped each time.
 */
export function restJsonOf<Source extends object>(
  source: Source,
  mapper: (source: Source) => unknown,
): string {
  if (!Object.isFrozen(source)) return serializeRestJson(mapper(source));
  let byMapper = kept.get(source);
  if (!byMapper) kept.set(source, (byMapper = new Map()));
  let json = byMapper.get(mapper as Mapper<never>);
  if (json === undefined) {
    json = serializeRestJson(mapper(source));
    byMapper.set(mapper as Mapper<never>, json);
  }
  return json;
}

/** Sends `mapper(source)` as JSON, made once per read-cache answer (see {@link restJsonOf}). */
export function sendRestJson<Source extends object>(
  reply: FastifyReply,
  source: Source,
  mapper: (source: Source) => unknown,
): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(restJsonOf(source, mapper));
}
