import { readFileSync } from 'node:fs';

/**
 * graphql-jit's Date marker, read from its own code: a version that marks Dates otherwise fails
 * the tests using it, and `compilable` (platform/src/graphql/compiled-operations.ts) must be
 * looked at again.
 */
export function jitDateMarker(): string {
  const code = readFileSync(require.resolve('graphql-jit/dist/execution.js'), 'utf8');
  const marker = /const MAGIC_DATE = "([^"]+)"/.exec(code)?.[1];
  if (!marker) throw new Error('graphql-jit no longer marks Dates as compiled-operations expects');
  return marker;
}

type Witness = { __jitInjected?: number };

/**
 * A string literal's value that graphql-jit 0.8, compiling it, would turn into code setting
 * `injected()`'s witness (then `new Date(1)`); `forgetInjection` clears the witness.
 */
export const injectedLiteral = () =>
  `${jitDateMarker()}1),injected:(globalThis.__jitInjected=1),rest:(1`;
export const injected = () => (globalThis as Witness).__jitInjected !== undefined;
export const forgetInjection = () => delete (globalThis as Witness).__jitInjected;
