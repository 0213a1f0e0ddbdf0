import { Client } from 'pg';
import { openServiceDatabase } from '../../../launcher/src/databases';
import { createScratchDatabase } from '../../../test/support/test-platform';

describe('the reservations migration', () => {
  it('creates btree_gist once in public and the exclusion constraint, even when replicas migrate at once', async () => {
    const scratch = await createScratchDatabase();
    try {
      // The events schema and two reservations replicas, all at once, on a database without the extension.
      // Each one closed before any failure is reported: none left connecting after the test.
      const opened = await Promise.allSettled([
        openServiceDatabase('reservations', scratch.url, 1),
        openServiceDatabase('reservations', scratch.url, 1),
        openServiceDatabase('events', scratch.url, 1),
      ]);
      await Promise.all(
        opened.map((open) => (open.status === 'fulfilled' ? open.value.close() : undefined)),
      );
      const failed = opened.find((open) => open.status === 'rejected');
      if (failed) throw failed.reason;
      const client = new Client({ connectionString: scratch.url });
      await client.connect();
      try {
        const extension = await client.query(
          `select n.nspname as schema from pg_extension e
             join pg_namespace n on n.oid = e.extnamespace where e.extname = 'btree_gist'`,
        );
        expect(extension.rows).toEqual([{ schema: 'public' }]);
        const constraint = await client.query(
          `select contype from pg_constraint where conname = 'table_holds_no_overlap'`,
        );
        expect(constraint.rows).toEqual([{ contype: 'x' }]);
      } finally {
        await client.end();
      }
    } finally {
      await scratch.drop();
    }
  });
});
