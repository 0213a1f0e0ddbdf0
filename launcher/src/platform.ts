import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../../platform/src/config';
import { resolveDatabase } from '../../platform/src/database/resolve-database';
import { SubgraphClient } from '../../platform/src/graphql/subgraph-client';
import { createSubgraphFetcher } from '../../platform/src/graphql/subgraph-fetcher';
import {
  inProcessTransport,
  type InProcessSubgraph,
} from '../../platform/src/graphql/in-process-subgraph';
import { httpTransport } from '../../platform/src/graphql/subgraph-transport';
import { startSubgraph, type RunningSubgraph } from '../../platform/src/graphql/subgraph-server';
import { switchOffIdleAsyncStorage } from '../../platform/src/idle-async-storage';
import type { Logger } from '../../platform/src/logger';
import { generateInternalSecret } from '../../platform/src/tenancy/internal-context';
import { startGateway, type RunningGateway } from '../../gateway/src/gateway-server';
import type { ClusterMetricsWorker } from '../../gateway/src/http/cluster-metrics';
import { gatewayTlsOptions } from '../../gateway/src/http/tls';
import { gatewayLimitOptions } from '../../gateway/src/limits/limit-options';
import { SUBGRAPHS, type SubgraphName } from '../../gateway/src/subgraph-list';
import { identitySubgraph, JWKS_PATH, TokenSigner } from '../../subgraphs/identity/src';
import { openServiceDatabase, type ServiceName } from './databases';
import { runEveryStep } from './every-step';
import { seedDemo, type DemoSeedResult } from './demo-seed';
import { DOMAIN_SERVICES, type BackgroundWorker, type DomainServiceDeps } from './domain-services';
import { TenantChanges } from '../../platform/src/database/tenant-changes';

export type Role = 'all' | 'gateway' | SubgraphName;
export const ROLES: readonly Role[] = ['all', 'gateway', ...SUBGRAPHS.map((s) => s.name)];

export interface RunningPlatform {
  /** The gateway's base URL, when this process runs it. */
  url?: string;
  databaseUrl: string;
  orms: Partial<Record<ServiceName, MikroORM>>;
  signer?: TokenSigner;
  gateway?: RunningGateway;
  subgraphs: RunningSubgraph[];
  demo: DemoSeedResult | null;
  /** The gateway → subgraph HMAC secret of this process (to start a subgraph again, in tests). */
  internalSecret: string;
  stop(): Promise<void>;
}

/** How long a service waits for another's answer before reporting it unavailable. */
const SERVICE_CALL_TIMEOUT_MS = 5_000;

/** Where another process serves a subgraph: `SOTTO_<NAME>_URL`. */
function configuredUrl(config: Config, name: SubgraphName): string | undefined {
  return (config as Record<string, unknown>)[`SOTTO_${name.toUpperCase()}_URL`] as
    string | undefined;
}

export interface PlatformOptions {
  /** In a worker of several on one port (SOTTO_WORKERS): `/metrics` sums all the workers'. */
  clusterMetrics?: ClusterMetricsWorker;
  /**
   * Whether this process runs the services' background work (the event consumers, webhook
   * delivery, the card payment runner); default true. Replicas may all run it safely, but each
   * would handle every event: a cluster's primary gives it to one worker.
   */
  background?: boolean;
}

/**
 * Starts the platform, or one part of it. `all` (the default) runs every subgraph on an internal
 * port of 127.0.0.1 and the gateway on HOST:PORT in this one process; the other roles run a
 * single service, as in docker-compose.yml, and find the others through SOTTO_*_URL.
 */
export async function startPlatform(
  config: Config,
  logger: Logger,
  options: PlatformOptions = {},
): Promise<RunningPlatform> {
  const role = config.SOTTO_SERVICE as Role;
  if (!ROLES.includes(role)) throw new Error(`SOTTO_SERVICE must be one of ${ROLES.join(', ')}`);
  if (role !== 'all' && !config.SOTTO_INTERNAL_SECRET) {
    throw new Error('SOTTO_INTERNAL_SECRET is required when services run as separate processes');
  }
  const internalSecret = config.SOTTO_INTERNAL_SECRET ?? generateInternalSecret();
  // Before MikroORM's first transaction: no async hook runs for every promise between them.
  switchOffIdleAsyncStorage();
  const database = await resolveDatabase(config);
  const orms: RunningPlatform['orms'] = {};
  const subgraphs: RunningSubgraph[] = [];
  /** Each service's background workers, named by their service (for the errors of `stop`). */
  const workers: Array<readonly [string, BackgroundWorker]> = [];
  let gateway: RunningGateway | undefined;
  let signer: TokenSigner | undefined;
  let demo: DemoSeedResult | null = null;
  // Calls between services (orders → menu and inventory, payments → orders), kept alive.
  const serviceCalls = createSubgraphFetcher({ timeoutMs: SERVICE_CALL_TIMEOUT_MS });
  // The subgraphs of this process, by URL: called without HTTP by the others and the gateway.
  const local = new Map<string, InProcessSubgraph>();
  const serviceTransport = inProcessTransport(
    local,
    httpTransport(serviceCalls.fetch),
    SERVICE_CALL_TIMEOUT_MS,
  );
  // This process's change notifications for the subgraphs' caches of one schema (the menus,
  // whether each restaurant counts stock), started by the first service that asks.
  let tenantChanges: Promise<TenantChanges> | undefined;
  const changes = () =>
    (tenantChanges ??= TenantChanges.listen(database.url, logger).catch((error: unknown) => {
      logger.warn(
        { err: error },
        'change notifications unavailable: nothing is kept between reads',
      );
      throw error;
    }));
  const started = (subgraph: RunningSubgraph) => {
    subgraphs.push(subgraph);
    local.set(subgraph.url, subgraph.inProcess);
  };

  const stop = () =>
    runEveryStep([
      ['gateway', () => gateway?.stop()],
      ...[...workers].reverse().map(([name, worker]) => [name, () => worker.stop()] as const),
      ...[...subgraphs]
        .reverse()
        .map((subgraph) => [`${subgraph.name} subgraph`, () => subgraph.stop()] as const),
      ['change notifications', async () => (await tenantChanges?.catch(() => undefined))?.stop()],
      ['service calls', () => serviceCalls.close()],
      ...Object.entries(orms).map(
        ([name, orm]) => [`${name} database`, () => orm.close()] as const,
      ),
      ['database', () => database.stop()],
    ]);

  try {
    const runs = (service: Role) => role === 'all' || role === service;
    const pool = config.SOTTO_DB_POOL_MAX;
    // A subgraph in its own process serves HTTPS with the same certificate settings as the
    // gateway; in one process, subgraphs stay on the loopback interface.
    const { tls } = gatewayTlsOptions(config);
    const internalListen = {
      ...(role === 'all'
        ? { host: '127.0.0.1', port: 0 }
        : { host: config.HOST, port: config.PORT, tls: tls && { cert: tls.cert, key: tls.key } }),
      metricsToken: config.SOTTO_METRICS_TOKEN,
    };
    const urlOf = (name: SubgraphName) => {
      const running = subgraphs.find((s) => s.name === name)?.url ?? configuredUrl(config, name);
      if (!running) throw new Error(`set SOTTO_${name.toUpperCase()}_URL to the ${name} subgraph`);
      return running;
    };

    const domains = DOMAIN_SERVICES.filter((service) => runs(service.name));
    if (domains.some((service) => service.usesEvents)) {
      orms.events = await openServiceDatabase('events', database.url, 1);
    }
    if (runs('identity')) orms.identity = await openServiceDatabase('identity', database.url, pool);
    for (const service of domains) {
      orms[service.name] = await openServiceDatabase(service.name, database.url, pool);
    }

    if (orms.identity) {
      signer = config.SOTTO_JWT_PRIVATE_KEY
        ? await TokenSigner.fromPem(config.SOTTO_JWT_PRIVATE_KEY)
        : await TokenSigner.fromDatabase(orms.identity.em.fork());
      started(
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
    // DOMAIN_SERVICES lists a service after the ones it calls.
    for (const service of domains) {
      const deps: DomainServiceDeps = {
        orm: orms[service.name]!,
        eventsOrm: orms.events,
        internalSecret,
        logger,
        config,
        client: (name) => new SubgraphClient(urlOf(name), internalSecret, serviceTransport),
        tenantChanges: changes,
      };
      started(await startSubgraph(service.subgraph(deps), internalListen));
      const background = options.background === false ? [] : await service.workers?.(deps);
      for (const worker of background ?? []) {
        workers.push([`${service.name} worker`, worker]);
      }
    }

    if (orms.identity && role === 'all') {
      demo = await seedDemo({
        identityOrm: orms.identity,
        orms,
        demoApiKey: config.SOTTO_DEMO_API_KEY,
      });
    }

    if (runs('gateway')) {
      const identityUrl = urlOf('identity');
      gateway = await startGateway({
        host: config.HOST,
        port: config.PORT,
        databaseUrl: database.url,
        databasePoolMax: config.SOTTO_DB_POOL_MAX,
        subgraphUrls: Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, urlOf(name)])),
        jwksUrl: new URL(JWKS_PATH, identityUrl).toString(),
        internalSecret,
        maxBodyBytes: config.SOTTO_MAX_BODY_BYTES,
        metricsToken: config.SOTTO_METRICS_TOKEN,
        subgraphTimeoutMs: config.SOTTO_SUBGRAPH_TIMEOUT_MS,
        localSubgraphs: local,
        readCache: config.SOTTO_READ_CACHE_MB > 0 && {
          maxBytes: config.SOTTO_READ_CACHE_MB * 1024 * 1024,
          ttlMs: config.SOTTO_READ_CACHE_TTL_SECONDS * 1000,
        },
        requestLogRetentionDays: config.SOTTO_REQUEST_LOG_RETENTION_DAYS,
        // In one process the gateway's /metrics shows the services' own figures too.
        serviceMetrics: subgraphs.flatMap((subgraph) => subgraph.metrics ?? []),
        clusterMetrics: options.clusterMetrics,
        logger,
        ...gatewayLimitOptions(config),
        tls,
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
    internalSecret,
    stop,
  };
}
