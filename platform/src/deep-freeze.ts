/**
 * Makes what a cache keeps immutable, objects and arrays all the way down, so that no reader can
 * change what the next one gets (a change then throws, in strict code). Binary values (a
 * `Buffer`, a typed array) cannot be frozen and are left as they are.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
