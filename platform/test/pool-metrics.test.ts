import { Registry } from 'prom-client';
import { createOrm } from '../src/database/orm';
import { resilientPool } from '../src/database/pg-pool';
import { installPoolMetrics, poolFigures } from '../src/database/pool-metrics';
import { testDatabaseUrl } from '../../test/support/test-platform';

/** `sotto_db_pool_connections` reads both kinds of pool, and forgets a pool once it is closed. */
describe('pool figures', () => {
  it("count a pg pool's connections under its owner until it ends", async () => {
    const pool = resilientPool({ url: testDatabaseUrl(), max: 3, owner: 'figures-pg' }, () => {});
    const client = await pool.connect();
    expect(poolFigures().get('figures-pg')).toEqual({ max: 3, inUse: 1, idle: 0, waiting: 0 });
    client.release();
    expect(poolFigures().get('figures-pg')).toEqual({ max: 3, inUse: 0, idle: 1, waiting: 0 });
    await pool.end();
    expect(poolFigures().has('figures-pg')).toBe(false);
  });

  it("add up an ORM pool's with another of the same owner, and forget it once closed", async () => {
    const open = () =>
      createOrm({
        schema: 'public',
        url: testDatabaseUrl(),
        entities: [],
        migrations: [],
        poolMax: 2,
        owner: 'figures-orm',
      });
    const [first, second] = [await open(), await open()];
    // Each ORM connects once as it opens, and keeps that connection idle in its pool.
    expect(poolFigures().get('figures-orm')).toEqual({ max: 4, inUse: 0, idle: 2, waiting: 0 });

    const registry = new Registry();
    installPoolMetrics(registry);
    const text = await registry.metrics();
    expect(text).toContain('sotto_db_pool_connections{pool="figures-orm",state="max"} 4');
    expect(text).toContain('sotto_db_pool_connections{pool="figures-orm",state="idle"} 2');

    await first.close();
    expect(poolFigures().get('figures-orm')).toEqual({ max: 2, inUse: 0, idle: 1, waiting: 0 });
    await second.close();
    expect(poolFigures().has('figures-orm')).toBe(false);
  });
});
