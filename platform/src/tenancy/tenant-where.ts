import { OWN_ROWS, type SqlValue } from './tenant-database';

/**
 * The `where` of a read over one tenant's rows (`TenantDatabase.read`), built condition by
 * condition: it starts with `OWN_ROWS` (the tenant columns that lead every index, besides
 * row-level security's own test), and each condition brings the values of its `?`, kept in
 * order in `params`.
 */
export class TenantWhere {
  private readonly conditions = [OWN_ROWS];
  readonly params: SqlValue[] = [];

  /** Adds a condition, with the values of its `?` in order. */
  and(condition: string, ...values: SqlValue[]): this {
    this.conditions.push(condition);
    this.params.push(...values);
    return this;
  }

  toString(): string {
    return this.conditions.join(' and ');
  }
}
