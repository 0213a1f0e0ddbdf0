/**
 * The load generator: a process of its own, so that the requests are not sent by the event loop
 * that answers them. It runs autocannon for each `LoadRequest` the benchmark sends over IPC and
 * answers a `LoadResult`. autocannon reports no 95th percentile, so every response's latency is
 * kept and the percentiles are computed here over all of them.
 */
import autocannon from 'autocannon';
import { percentile, type LoadRequest, type LoadResult } from './load-request';

/** Every response's latency, and the status codes other than 2xx, of one run's instances. */
class Responses {
  readonly latencies: number[] = [];
  readonly statusCodes: Record<string, number> = {};

  follow(instance: autocannon.Instance) {
    instance.on('response', (_client, statusCode, _bytes, milliseconds) => {
      this.latencies.push(milliseconds);
      if (statusCode < 200 || statusCode > 299) {
        this.statusCodes[statusCode] = (this.statusCodes[statusCode] ?? 0) + 1;
      }
    });
  }
}

function start(options: autocannon.Options, responses: Responses): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) =>
      error ? reject(error) : resolve(result),
    );
    responses.follow(instance);
  });
}

/**
 * The run: one autocannon instance with all the connections, or, for a run of sequences, one
 * instance of one connection per sequence, at once, their figures added up.
 */
async function run(request: LoadRequest): Promise<LoadResult> {
  const responses = new Responses();
  const common = { headers: request.headers, duration: request.durationSeconds };
  const results = await Promise.all(
    request.sequences
      ? request.sequences.map((steps) =>
          start({ ...common, url: request.url, connections: 1, requests: steps }, responses),
        )
      : [
          start(
            {
              ...common,
              url: request.url,
              method: request.method,
              body: request.body,
              connections: request.connections,
            },
            responses,
          ),
        ],
  );
  const latencies = responses.latencies.sort((a, b) => a - b);
  const sum = (figure: (result: autocannon.Result) => number) =>
    results.reduce((total, result) => total + figure(result), 0);
  return {
    requestsPerSecond: sum((result) => result.requests.average),
    requests: latencies.length,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? NaN,
    errors: sum((result) => result.non2xx + result.errors + result.timeouts),
    statusCodes: responses.statusCodes,
  };
}

process.on('message', (request: LoadRequest) => {
  run(request).then(
    (result) => process.send!({ result }),
    (error: Error) => process.send!({ error: error.message }),
  );
});
