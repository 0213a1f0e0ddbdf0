import type { LoadResult } from './load-request';
import { httpTable, timesFloor, type ScenarioOutcome } from './report';

const result = (requestsPerSecond: number, p99 = 20): LoadResult => ({
  requestsPerSecond,
  requests: requestsPerSecond * 10,
  p50: 5,
  p95: 10,
  p99,
  max: 30,
  errors: 0,
  statusCodes: {},
});

describe('the results table', () => {
  it("gives each platform row the floor's rate divided by its own", () => {
    expect(timesFloor(result(377), result(1239))).toBe('3.3×');
    expect(timesFloor(result(0), result(1239))).toBe('—');
    expect(timesFloor(result(377), result(Number.NaN))).toBe('—');
  });

  it('shows it, and the verdict, on the platform rows only', () => {
    const outcome: ScenarioOutcome = {
      scenario: {
        name: 'REST GET /api/v1/orders/{id}',
        target: 'p99 < 25 ms',
        meets: ({ p99 }) => p99 < 25,
        method: 'GET',
        path: '/api/v1/orders/ord_1',
        headers: {},
        readsDatabase: true,
      },
      platform: { ...result(400), cpu: { server: 1.234, postgres: 0.5, load: undefined } },
      separate: result(800, 40),
      workers: {
        count: 2,
        result: { ...result(1000, 24), cpu: { server: 2, postgres: 0.5, redis: 0.125, load: 0.1 } },
      },
      floor: result(2000),
      databaseFloor: result(1500),
      bare: result(20000),
    };
    const [header, , ...rows] = httpTable([outcome]);
    const cells = (line: string) => line.split('|').map((cell) => cell.trim());
    const column = cells(header!).indexOf('× floor');
    expect(rows.map((row) => [cells(row)[2], cells(row)[column], cells(row).at(-2)])).toEqual([
      ['platform, one process', '5.0×', 'p99 < 25 ms: met'],
      ['platform, gateway apart', '2.5×', 'p99 < 25 ms: not met'],
      ['platform, 2 workers', '2.0×', 'p99 < 25 ms: met'],
      ['Apollo floor', '', ''],
      ['Apollo floor + PostgreSQL', '', ''],
      ['bare node:http', '', ''],
    ]);
    const cpu = [
      'server CPU ms/req',
      'PostgreSQL CPU ms/req',
      'Redis CPU ms/req',
      'load CPU ms/req',
    ].map((name) => cells(header!).indexOf(name));
    expect(cpu.map((column) => cells(rows[0]!)[column])).toEqual(['1.23', '0.50', '—', '—']);
    expect(cpu.map((column) => cells(rows[1]!)[column])).toEqual(['—', '—', '—', '—']);
    expect(cpu.map((column) => cells(rows[2]!)[column])).toEqual(['2.00', '0.50', '0.13', '0.10']);
  });
});
