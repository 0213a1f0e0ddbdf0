/**
 * Runs every step in order, even after one fails (stopping must close what it can: a worker
 * that fails to stop must not keep the database open), then throws what failed, by step name.
 */
export async function runEveryStep(
  steps: ReadonlyArray<readonly [name: string, step: () => unknown]>,
): Promise<void> {
  const failures: Error[] = [];
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (error) {
      failures.push(
        new Error(`${name}: ${(error as Error)?.message ?? String(error)}`, { cause: error }),
      );
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    throw new AggregateError(failures, failures.map((failure) => failure.message).join('; '));
  }
}
