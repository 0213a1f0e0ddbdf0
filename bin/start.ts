import { loadConfig } from '../platform/src/config';
import { createLogger } from '../platform/src/logger';
import { startPlatform } from '../launcher/src/platform';

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

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await platform.stop().catch((error) => logger.error({ err: error }, 'shutdown failed'));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
