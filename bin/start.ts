import { loadConfig } from '../platform/src/config';
import { createLogger } from '../platform/src/logger';
import { startPlatform } from '../launcher/src/platform';
import { exitOnStopSignals } from '../launcher/src/shutdown';

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
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
