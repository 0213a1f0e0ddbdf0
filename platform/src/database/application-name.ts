/**
 * The `application_name` each of the platform's PostgreSQL connections carries, so that an
 * operator reading `pg_stat_activity` sees whose connection each one is: `sotto-orders 4312` is a
 * connection of the orders service's pool in process 4312, `sotto-listener 4312` its
 * notification listener, `sotto-gateway 4312` the gateway's own pool.
 */
export function applicationName(owner: string, pid: number | string = process.pid): string {
  return `sotto-${owner} ${pid}`;
}
