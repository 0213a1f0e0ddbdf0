import { loadConfig } from '../platform/src/config';
import { createLogger } from '../platform/src/logger';
import { startPlatform } from '../launcher/src/platform';
import { exitOnStopSignals, STOP_SIGNALS } from '../launcher/src/shutdown';
import { leaveSignalsToShutdown } from '../platform/src/database/embedded-postgres';

async function main() {
  const config = loadConfig();
  const logger = createLogger('sotto', config.LOG_LEVEL);
  const platform = await startPlatform(config, logger);

  if (platform.demo?.created) {
    console.log(`\nDemo restaurant ${platform.demo.restaurantId} created in the sandbox.`);
    if (platform.demo.apiKey) {
      console.log(`Its sandbox API key (shown once, keep it): ${platform.demo.apiKey}\n`);
    } else {
      console.log('Its sandbox API key is the value of SOTTO_DEMO_API_KEY.\n');
    }
  }
  if (platform.url) {
    console.log(`Sotto gateway on ${platform.url}`);
    console.log(`  GraphQL  ${platform.url}/graphql`);
    console.log(
      `  REST     ${platform.url}/api/v1  (token: POST ${platform.url}/api/v1/auth/token)`,
    );
  }

  exitOnStopSignals({
    logger,
    timeoutMs: config.SOTTO_SHUTDOWN_TIMEOUT_MS,
    stop: () => platform.stop(),
  });
  // The embedded database, if any, is stopped by that shutdown, last, not at the signal.
  leaveSignalsToShutdown(STOP_SIGNALS);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
