import cluster from 'node:cluster';
import { loadConfig } from '../platform/src/config';
import { createLogger } from '../platform/src/logger';
import { ClusterMetricsWorker } from '../gateway/src/http/cluster-metrics';
import { reportReady, runsBackground, startCluster } from '../launcher/src/cluster';
import type { DemoSeedResult } from '../launcher/src/demo-seed';
import { startPlatform } from '../launcher/src/platform';
import { exitOnStopSignals } from '../launcher/src/shutdown';

/** What an operator reads once the platform serves: the demo key, if new, and the URLs. */
function announce(url: string | undefined, demo: DemoSeedResult | null, workers: number) {
  if (demo?.created) {
    console.log(`\nDemo restaurant ${demo.restaurantId} created in the sandbox.`);
    if (demo.apiKey) {
      console.log(`Its sandbox API key (shown once, keep it): ${demo.apiKey}\n`);
    } else {
      console.log('Its sandbox API key is the value of SOTTO_DEMO_API_KEY.\n');
    }
  }
  if (url) {
    console.log(`Sotto gateway on ${url}`);
    console.log(`  GraphQL  ${url}/graphql`);
    console.log(`  REST     ${url}/api/v1  (token: POST ${url}/api/v1/auth/token)`);
  }
  if (workers > 1) console.log(`  Workers  ${workers} processes on the same port (SOTTO_WORKERS)`);
}

async function main() {
  const config = loadConfig();
  const logger = createLogger('sotto', config.LOG_LEVEL);

  if (cluster.isPrimary && config.SOTTO_WORKERS > 1) {
    const running = await startCluster(config, logger);
    announce(running.url, running.demo, config.SOTTO_WORKERS);
    exitOnStopSignals({
      logger,
      // Each worker has SOTTO_SHUTDOWN_TIMEOUT_MS to drain; the primary then stops the database.
      timeoutMs: config.SOTTO_SHUTDOWN_TIMEOUT_MS + 5_000,
      stop: () => running.stop(),
    });
    return;
  }

  const platform = await startPlatform(
    config,
    logger,
    cluster.isWorker
      ? { clusterMetrics: new ClusterMetricsWorker(), background: runsBackground() }
      : {},
  );
  if (cluster.isWorker) reportReady({ url: platform.url, demo: platform.demo });
  else announce(platform.url, platform.demo, 1);

  exitOnStopSignals({
    logger,
    timeoutMs: config.SOTTO_SHUTDOWN_TIMEOUT_MS,
    stop: () => platform.stop(),
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
