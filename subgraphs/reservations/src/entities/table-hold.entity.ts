import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/postgresql';
import type { Environment } from '../../../../platform/src/tenancy/tenant';
import type { Reservation } from './reservation.entity';

export const TABLE_HOLDS_NO_OVERLAP = 'table_holds_no_overlap';

/** No double booking, ever: two active holds of one table may not overlap in time. */
export function noOverlapConstraintSql(schema: string): string {
  return `alter table "${schema}"."table_holds" add constraint "${TABLE_HOLDS_NO_OVERLAP}"
    exclude using gist ("restaurant_id" with =, "environment" with =, "table_code" with =,
      tstzrange("start_time", "end_time", '[)') with &&)
    where ("active")`;
}

/**
 * One table held by one reservation over its time range. A joined-table reservation has one
 * hold per table. The migration puts an exclusion constraint over (tenant, table, time range)
 * of the active holds, so PostgreSQL itself refuses a double booking, however many requests race.
 */
export class TableHold {
  readonly uuid = randomUUID();
  readonly reservationId: string;
  readonly restaurantId: string;
  readonly environment: Environment;
  readonly tableCode: string;
  readonly startTime: Date;
  readonly endTime: Date;
  /** False once the reservation is completed, cancelled or a no-show: the table is free again. */
  active = true;

  constructor(reservation: Reservation, tableCode: string) {
    this.reservationId = reservation.id;
    this.restaurantId = reservation.restaurantId;
    this.environment = reservation.environment;
    this.tableCode = tableCode;
    this.startTime = reservation.startTime;
    this.endTime = reservation.endTime;
  }
}

export const TableHoldSchema = new EntitySchema<TableHold>({
  class: TableHold,
  tableName: 'table_holds',
  properties: {
    uuid: { type: 'uuid', primary: true },
    reservationId: { type: 'string', columnType: 'text' },
    restaurantId: { type: 'string', columnType: 'text' },
    environment: { type: 'string', columnType: 'text' },
    tableCode: { type: 'string', columnType: 'text' },
    startTime: { type: 'Date' },
    endTime: { type: 'Date' },
    active: { type: 'boolean' },
  },
  indexes: [
    { name: 'table_holds_reservation_idx', properties: ['reservationId'] },
    // The exclusion constraint (and its GiST index), as the migration creates it.
    { name: TABLE_HOLDS_NO_OVERLAP, expression: noOverlapConstraintSql('reservations') },
  ],
});
