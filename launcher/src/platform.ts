import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../../platform/src/config';
import { resolveDatabase } from '../../platform/src/database/resolve-database';
import { SubgraphClient } from '../../platform/src/graphql/subgraph-client';
import { startSubgraph, type RunningSubgraph } from '../../platform/src/graphql/subgraph-server';
import type { Logger } from '../../platform/src/logger';
import { generateInternalSecret } from '../../platform/src/tenancy/internal-context';
import { startGateway, type RunningGateway } from '../../gateway/src/gateway-server';
import { identitySubgraph, JWKS_PATH, TokenSigner } from '../../subgraphs/identity/src';
import { menuSubgraph } from '../../subgraphs/menu/src';
import { ordersSubgraph } from '../../subgraphs/orders/src';
import { openServiceDatabase, type ServiceName } from './databases';
import { seedDemo, type DemoSeedResult } from './demo-seed';

export type Role = 'all' | 'gateway' | 'identity' | 'menu' | 'orders';
export const ROLES: readonly Role[] = ['all', 'gateway', 'identity', 'menu', 'orders'];

export interface RunningPlatform {
  /** The gateway's base URL, when this process runs it. */
  url?: string;
  databaseUrl: string;
  orms: Partial<Record<ServiceName, MikroORM>>;
  signer?: TokenSigner;
  gateway?: RunningGateway;
  subgraphs: RunningSubgraph[];
  demo: DemoSeedResult | null;
  stop(): Promise<void>;
}

/**
 * Starts the platform, or one part of it. `all` (the default) runs every subgraph on an internal
 * port of 127.0.0.1 and the gateway on HOST:PORT in this one process; the other roles run a
 * single service, as in docker-compose.yml, and find the others through SOTTO_*_URL.
 */
export async function startPlatform(config: Config, logger: Logger): Promise<RunningPlatform> {
  const role = config.SOTTO_SERVICE as Role;
  if (!ROLES.includes(role)) throw new Error(`SOTTO_SERVICE must be one of ${ROLES.join(', ')}`);
  if (role !== 'all' && !config.SOTTO_INTERNAL_SECRET) {
    throw new Error('SOTTO_INTERNAL_SECRET is required when services run as separate processes');
  }
  const internalSecret = config.SOTTO_INTERNAL_SECRET ?? generateInternalSecret();
  const database = await resolveDatabase(config);
  const orms: RunningPlatform['orms'] = {};
  const subgraphs: RunningSubgraph[] = [];
  let gateway: RunningGateway | undefined;
  let signer: TokenSigner | undefined;
  let demo: DemoSeedResult | null = null;

  const stop = async () => {
    await gateway?.stop();
    for (const subgraph of subgraphs.reverse()) await subgraph.stop();
    for (const orm of Object.values(orms)) await orm.close();
    await database.stop();
  };

  try {
    const runs = (service: Role) => role === 'all' || role === service;
    const pool = config.SOTTO_DB_POOL_MAX;
    const internalListen =
      role === 'all' ? { host: '127.0.0.1', port: 0 } : { host: config.HOST, port: config.PORT };

    if (runs('orders')) orms.events = await openServiceDatabase('events', database.url, 1);
    for (const service of ['identity', 'menu', 'orders'] as const) {
      if (runs(service)) orms[service] = await openServiceDatabase(service, database.url, pool);
    }

    if (orms.identity) {
      signer = config.SOTTO_JWT_PRIVATE_KEY
        ? await TokenSigner.fromPem(config.SOTTO_JWT_PRIVATE_KEY)
        : await TokenSigner.fromDatabase(orms.identity.em.fork());
      subgraphs.push(
        await startSubgraph(
          identitySubgraph({
            orm: orms.identity,
            signer,
            tokenTtlSeconds: config.SOTTO_TOKEN_TTL_SECONDS,
            internalSecret,
            logger,
          }),
          internalListen,
        ),
      );
    }
    if (orms.menu) {
      subgraphs.push(
        await startSubgraph(
          menuSubgraph({ orm: orms.menu, internalSecret, logger }),
          internalListen,
        ),
      );
    }
    const urlOf = (name: string, configured?: string) => {
      const running = subgraphs.find((s) => s.name === name)?.url ?? configured;
      if (!running) throw new Error(`set SOTTO_${name.toUpperCase()}_URL to the ${name} subgraph`);
      return running;
    };
    if (orms.orders) {
      const menu = new SubgraphClient(urlOf('menu', config.SOTTO_MENU_URL), internalSecret);
      subgraphs.push(
        await startSubgraph(
          ordersSubgraph({ orm: orms.orders, menu, internalSecret, logger }),
          internalListen,
        ),
      );
    }

    if (orms.identity && orms.menu) {
      demo = await seedDemo({
        identityOrm: orms.identity,
        menuOrm: orms.menu,
        demoApiKey: config.SOTTO_DEMO_API_KEY,
      });
    }

    if (runs('gateway')) {
      const identityUrl = urlOf('identity', config.SOTTO_IDENTITY_URL);
      gateway = await startGateway({
        host: config.HOST,
        port: config.PORT,
        databaseUrl: database.url,
        subgraphUrls: {
          identity: identityUrl,
          menu: urlOf('menu', config.SOTTO_MENU_URL),
          orders: urlOf('orders', config.SOTTO_ORDERS_URL),
        },
        jwksUrl: new URL(JWKS_PATH, identityUrl).toString(),
        internalSecret,
        maxBodyBytes: config.SOTTO_MAX_BODY_BYTES,
        logger,
      });
    }
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }

  return {
    url: gateway?.url,
    databaseUrl: database.url,
    orms,
    signer,
    gateway,
    subgraphs,
    demo,
    stop,
  };
}
