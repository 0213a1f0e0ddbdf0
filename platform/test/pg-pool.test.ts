import { Client } from 'pg';
import { resilientPool } from '../src/database/pg-pool';
import { testDatabaseUrl } from '../../test/support/test-platform';

describe('resilientPool', () => {
  it('survives its idle connection being killed (a database restart) and connects afresh', async () => {
    const errors: Error[] = [];
    const pool = resilientPool({ url: testDatabaseUrl(), max: 1, owner: 'test' }, (error) =>
      errors.push(error),
    );
    const admin = new Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    try {
      const { rows } = await pool.query<{ pid: number }>('select pg_backend_pid() as pid');
      // What a restarting server does to every connection: without a listener, this crashes.
      await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
      const deadline = Date.now() + 5000;
      while (errors.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(errors[0]?.message).toMatch(/terminating connection/);
      const again = await pool.query<{ pid: number }>('select pg_backend_pid() as pid');
      expect(again.rows[0]!.pid).not.toBe(rows[0]!.pid);
    } finally {
      await admin.end();
      await pool.end();
    }
  });
});
