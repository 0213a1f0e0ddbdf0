import { SottoClient } from '../src';

/**
 * The client an example runs with when started by hand:
 * `SOTTO_URL=http://127.0.0.1:4000 SOTTO_API_KEY=sk_sandbox_… npx tsx sdk/examples/<name>.ts`.
 */
export function clientFromEnvironment(): SottoClient {
  const apiKey = process.env.SOTTO_API_KEY;
  if (!apiKey) throw new Error('Set SOTTO_API_KEY to a sandbox key (printed by npm start)');
  return new SottoClient({ baseUrl: process.env.SOTTO_URL ?? 'http://127.0.0.1:4000', apiKey });
}

/** Runs an example from the command line and prints what it answers as JSON. */
export function runExample(example: (client: SottoClient) => Promise<unknown>): void {
  const client = clientFromEnvironment();
  example(client)
    .then((outcome) => process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => client.close());
}
