import type { FastifyReply } from 'fastify';

/** Adds header names to `Vary`, once each, keeping what other hooks (CORS) put there. */
export function addVary(reply: FastifyReply, ...names: string[]): void {
  const current = String(reply.getHeader('vary') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (current.includes('*')) return;
  const known = new Set(current.map((name) => name.toLowerCase()));
  const added = names.filter((name) => !known.has(name.toLowerCase()));
  if (added.length) reply.header('vary', [...current, ...added].join(', '));
}
