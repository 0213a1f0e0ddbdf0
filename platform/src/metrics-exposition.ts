import type { Registry } from 'prom-client';

/**
 * Several registries as one Prometheus text exposition, in order: a process's own figures, then
 * those of the services it runs (each registry keeps its own series; names never repeat).
 */
export async function exposition(registries: readonly Registry[]): Promise<string> {
  const texts = await Promise.all(registries.map((registry) => registry.metrics()));
  return texts.map((text) => text.trimEnd()).join('\n') + '\n';
}
