import { AsyncLocalStorage } from 'node:async_hooks';
import { types } from 'node:util';

type Storage = AsyncLocalStorage<unknown>;

/** What Node's hook-based AsyncLocalStorage has and the async-context-frame one does not. */
interface HookBasedStorage extends Storage {
  _propagate?: unknown;
}

const runsInFlight = new WeakMap<Storage, number>();
/** Storages entered with `enterWith`: their context has no end that a count could see. */
const entered = new WeakSet<Storage>();
let installed = false;

/** Whether this Node.js carries AsyncLocalStorage's contexts with async hooks. */
export function storagesRideOnAsyncHooks(): boolean {
  return typeof (AsyncLocalStorage.prototype as HookBasedStorage)._propagate === 'function';
}

/**
 * Switches an AsyncLocalStorage off again once nothing runs in it.
 *
 * Where AsyncLocalStorage rides on async hooks (Node.js 20, and 22 without
 * `--experimental-async-context-frame`), one storage enabled anywhere in the process makes V8
 * call a hook for every promise created, for the rest of the process's life: a storage is
 * enabled by its first `run` and stays so. MikroORM runs its storages around its transactions,
 * flushes and raw fragments, and the platform runs such work at start (migrations, the demo
 * seed) and at times after it, so every request paid the hooks: measured, a fifth to a quarter
 * of an executed federated read's CPU. Installed, a storage's `run` counts the runs in flight
 * and, when the last has ended (its callback returned or threw, or the promise it returned
 * settled), calls the storage's `disable()`; the next `run` enables it again. Between them, no
 * hook runs. A storage entered with `enterWith` is left enabled.
 *
 * What a run's callback started and left running past its end no longer sees the store once
 * the storage is off: work that a transaction or a flush leaves behind must not need its
 * context, which is so for MikroORM's. A run returning anything other than a native promise
 * (of any realm) ends when its callback returns: a thenable, such as a query builder, is not
 * awaited here.
 *
 * Where AsyncLocalStorage needs no hooks (Node.js 24's async context frames), nothing is
 * installed. Returns whether it was.
 */
export function switchOffIdleAsyncStorage(): boolean {
  if (!storagesRideOnAsyncHooks()) return false;
  if (installed) return true;
  installed = true;
  const prototype = AsyncLocalStorage.prototype as Storage;
  const run = prototype.run;
  const enterWith = prototype.enterWith;
  prototype.enterWith = function (this: Storage, store: unknown) {
    entered.add(this);
    return enterWith.call(this, store);
  };
  prototype.run = function <R>(
    this: Storage,
    store: unknown,
    callback: (...args: unknown[]) => R,
    ...args: unknown[]
  ): R {
    runsInFlight.set(this, (runsInFlight.get(this) ?? 0) + 1);
    const ended = () => {
      const left = (runsInFlight.get(this) ?? 1) - 1;
      runsInFlight.set(this, left);
      if (left === 0 && !entered.has(this)) this.disable();
    };
    let result: R;
    try {
      result = run.call(this, store, callback, ...args) as R;
    } catch (error) {
      ended();
      throw error;
    }
    if (!types.isPromise(result)) {
      ended();
      return result;
    }
    // A promise of its own, settled as the run's: a rejection nobody handles stays unhandled.
    return result.then(
      (value) => {
        ended();
        return value;
      },
      (error: unknown) => {
        ended();
        throw error;
      },
    ) as R;
  } as Storage['run'];
  return true;
}
