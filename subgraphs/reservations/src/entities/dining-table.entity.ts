import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/postgresql';
import type { Environment, Tenant } from '../../../../platform/src/tenancy/tenant';

export interface DiningTableFields {
  /** The restaurant's own name for the table, such as `"12"`. */
  code: string;
  capacity: number;
  minPartySize?: number;
  zone: string;
  /** Tables this one can be pushed against to seat a larger party. */
  joinableWith?: string[];
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** A table of one restaurant's floor, known to the outside by the restaurant's own code. */
export class DiningTable {
  readonly uuid = randomUUID();
  readonly restaurantId: string;
  readonly environment: Environment;
  code: string;
  capacity: number;
  minPartySize: number;
  zone: string;
  joinableWith: string[];
  readonly createdAt = new Date();

  constructor(tenant: Tenant, fields: DiningTableFields) {
    if (!CODE.test(fields.code)) throw new RangeError(`table code '${fields.code}' is not valid`);
    const minPartySize = fields.minPartySize ?? 1;
    if (!Number.isInteger(fields.capacity) || fields.capacity < 1) {
      throw new RangeError('a table seats at least one guest');
    }
    if (!Number.isInteger(minPartySize) || minPartySize < 1 || minPartySize > fields.capacity) {
      throw new RangeError('a table’s minimum party is between 1 and its capacity');
    }
    this.restaurantId = tenant.restaurantId;
    this.environment = tenant.environment;
    this.code = fields.code;
    this.capacity = fields.capacity;
    this.minPartySize = minPartySize;
    this.zone = fields.zone;
    this.joinableWith = fields.joinableWith ?? [];
  }
}

export const DiningTableSchema = new EntitySchema<DiningTable>({
  class: DiningTable,
  tableName: 'dining_tables',
  properties: {
    uuid: { type: 'uuid', primary: true },
    restaurantId: { type: 'string', columnType: 'text' },
    environment: { type: 'string', columnType: 'text' },
    code: { type: 'string', columnType: 'text' },
    capacity: { type: 'integer' },
    minPartySize: { type: 'integer' },
    zone: { type: 'string', columnType: 'text' },
    joinableWith: { type: 'json' },
    createdAt: { type: 'Date' },
  },
  uniques: [
    {
      name: 'dining_tables_tenant_code_unique',
      properties: ['restaurantId', 'environment', 'code'],
    },
  ],
  checks: [
    {
      name: 'dining_tables_capacity_check',
      expression: 'capacity >= 1 and min_party_size >= 1 and min_party_size <= capacity',
    },
  ],
});
