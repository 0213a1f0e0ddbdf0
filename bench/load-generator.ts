/**
 * The load generator: a process of its own, so that the requests are not sent by the event loop
 * that answers them. It runs autocannon for each `LoadRequest` the benchmark sends over IPC and
 * answers a `LoadResult`. autocannon reports no 95th percentile, so every response's latency is
 * kept and the percentiles are computed here over all of them.
 */
import autocannon from 'autocannon';
import { percentile, type LoadRequest, type LoadResult } from './load-request';

function run(request: LoadRequest): Promise<LoadResult> {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: request.url,
        method: request.method,
        headers: request.headers,
        body: request.body,
        connections: request.connections,
        duration: request.durationSeconds,
      },
      (error, result) => {
        if (error) return reject(error);
        latencies.sort((a, b) => a - b);
        resolve({
          requestsPerSecond: result.requests.average,
          requests: latencies.length,
          p50: percentile(latencies, 0.5),
          p95: percentile(latencies, 0.95),
          p99: percentile(latencies, 0.99),
          max: latencies.at(-1) ?? NaN,
          errors: result.non2xx + result.errors + result.timeouts,
          statusCodes,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, milliseconds) => {
      latencies.push(milliseconds);
      if (statusCode < 200 || statusCode > 299) {
        statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      }
    });
  });
}

process.on('message', (request: LoadRequest) => {
  run(request).then(
    (result) => process.send!({ result }),
    (error: Error) => process.send!({ error: error.message }),
  );
});
