import { AsyncLocalStorage } from 'node:async_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { storagesRideOnAsyncHooks, switchOffIdleAsyncStorage } from './idle-async-storage';

/** A storage, and a count of the async resources made while it was enabled (its hook's calls). */
function watched() {
  const storage = new AsyncLocalStorage<string>();
  const propagations = jest.spyOn(storage as unknown as { _propagate: () => void }, '_propagate');
  const hooksAfter = async (work: () => Promise<unknown>) => {
    propagations.mockClear();
    await work();
    return propagations.mock.calls.length;
  };
  return { storage, hooksAfter };
}

const somePromises = async () => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve(i);
};

// Node.js 24 carries contexts without hooks: there is nothing to switch off there.
(storagesRideOnAsyncHooks() ? describe : describe.skip)('switchOffIdleAsyncStorage', () => {
  beforeAll(() => expect(switchOffIdleAsyncStorage()).toBe(true));

  it('keeps the store through the run, then no hook runs for the storage', async () => {
    const { storage, hooksAfter } = watched();
    const seen = await storage.run('req_1', async () => {
      await nextTurn();
      await somePromises();
      return storage.getStore();
    });
    expect(seen).toBe('req_1');
    expect(await hooksAfter(somePromises)).toBe(0);
    expect(storage.getStore()).toBeUndefined();
  });

  it('enables the storage again for the next run', async () => {
    const { storage, hooksAfter } = watched();
    await storage.run('first', async () => nextTurn());
    let inside = 0;
    const seen = await storage.run('second', async () => {
      inside = await hooksAfter(somePromises);
      return storage.getStore();
    });
    expect(inside).toBeGreaterThan(0);
    expect(seen).toBe('second');
    expect(await hooksAfter(somePromises)).toBe(0);
  });

  it('does not switch off a storage while another of its runs is in flight', async () => {
    const { storage, hooksAfter } = watched();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const long = storage.run('long', async () => {
      await held;
      await somePromises();
      return storage.getStore();
    });
    const short = await storage.run('short', async () => {
      await nextTurn();
      return storage.getStore();
    });
    expect(short).toBe('short');
    release();
    expect(await long).toBe('long');
    expect(await hooksAfter(somePromises)).toBe(0);
  });

  it('keeps a nested run of the same storage, and the outer store after it', async () => {
    const { storage } = watched();
    const seen = await storage.run('outer', async () => {
      const inner = await storage.run('inner', async () => {
        await nextTurn();
        return storage.getStore();
      });
      await nextTurn();
      return [inner, storage.getStore()];
    });
    expect(seen).toEqual(['inner', 'outer']);
  });

  it('passes a rejection on and switches the storage off', async () => {
    const { storage, hooksAfter } = watched();
    const failing = storage.run('req_2', async () => {
      await nextTurn();
      throw new Error('the transaction failed');
    });
    await expect(failing).rejects.toThrow('the transaction failed');
    expect(await hooksAfter(somePromises)).toBe(0);
  });

  it('passes a synchronous throw on, and a synchronous run ends with its callback', async () => {
    const { storage, hooksAfter } = watched();
    expect(() =>
      storage.run('req_3', () => {
        throw new Error('at once');
      }),
    ).toThrow('at once');
    expect(storage.run('req_4', () => storage.getStore())).toBe('req_4');
    expect(await hooksAfter(somePromises)).toBe(0);
  });

  it('leaves a storage entered with enterWith enabled', async () => {
    const { storage } = watched();
    await storage.run('before', async () => nextTurn());
    const seen = await (async () => {
      storage.enterWith('entered');
      await storage.run('during', async () => nextTurn());
      await nextTurn();
      return storage.getStore();
    })();
    expect(seen).toBe('entered');
  });

  it('is installed once', () => {
    const run = AsyncLocalStorage.prototype.run;
    expect(switchOffIdleAsyncStorage()).toBe(true);
    expect(AsyncLocalStorage.prototype.run).toBe(run);
  });
});
