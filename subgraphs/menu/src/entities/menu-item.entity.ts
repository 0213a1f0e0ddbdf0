import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/postgresql';
import { DEFAULT_CURRENCY } from '../../../../platform/src/money';
import type { Environment, Tenant } from '../../../../platform/src/tenancy/tenant';

export interface MenuModifier {
  code: string;
  name: string;
  priceCents: number;
}

/** A modifier as the graph shows it, in its item's currency. */
export type PricedModifier = MenuModifier & { currency: string };

export interface MenuItemFields {
  code: string;
  name: string;
  description?: string;
  category: string;
  priceCents: number;
  /** VAT in basis points; 1000 = 10 %, the default for food served on site. */
  taxRateBasisPoints?: number;
  station: string;
  modifiers?: MenuModifier[];
  currency?: string;
  active?: boolean;
}

const CODE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** An item of one restaurant's menu, known to the outside by the restaurant's own `code`. */
export class MenuItem {
  readonly uuid = randomUUID();
  readonly restaurantId: string;
  readonly environment: Environment;
  code: string;
  name: string;
  description: string;
  category: string;
  priceCents: number;
  taxRateBasisPoints: number;
  station: string;
  modifiers: MenuModifier[];
  currency: string;
  active: boolean;
  readonly createdAt = new Date();
  updatedAt = new Date();

  constructor(tenant: Tenant, fields: MenuItemFields) {
    if (!CODE.test(fields.code))
      throw new RangeError(`menu item code '${fields.code}' is not valid`);
    if (!Number.isSafeInteger(fields.priceCents) || fields.priceCents < 0) {
      throw new RangeError('a menu price is a non-negative number of cents');
    }
    const rate = fields.taxRateBasisPoints ?? 1000;
    if (!Number.isInteger(rate) || rate < 0 || rate > 10_000) throw new RangeError('bad VAT rate');
    this.restaurantId = tenant.restaurantId;
    this.environment = tenant.environment;
    this.code = fields.code;
    this.name = fields.name;
    this.description = fields.description ?? '';
    this.category = fields.category;
    this.priceCents = fields.priceCents;
    this.taxRateBasisPoints = rate;
    this.station = fields.station;
    this.modifiers = fields.modifiers ?? [];
    this.currency = fields.currency ?? DEFAULT_CURRENCY;
    this.active = fields.active ?? true;
  }

  allowsModifier(code: string): boolean {
    return this.modifiers.some((m) => m.code === code);
  }
}

export const MenuItemSchema = new EntitySchema<MenuItem>({
  class: MenuItem,
  tableName: 'menu_items',
  properties: {
    uuid: { type: 'uuid', primary: true },
    restaurantId: { type: 'string', columnType: 'text' },
    environment: { type: 'string', columnType: 'text' },
    code: { type: 'string', columnType: 'text' },
    name: { type: 'string', columnType: 'text' },
    description: { type: 'string', columnType: 'text' },
    category: { type: 'string', columnType: 'text' },
    priceCents: { type: 'integer' },
    taxRateBasisPoints: { type: 'integer' },
    station: { type: 'string', columnType: 'text' },
    modifiers: { type: 'json' },
    currency: { type: 'string', columnType: 'text' },
    active: { type: 'boolean' },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date', onUpdate: () => new Date() },
  },
  uniques: [
    { name: 'menu_items_tenant_code_unique', properties: ['restaurantId', 'environment', 'code'] },
  ],
  checks: [
    { name: 'menu_items_price_cents_check', expression: 'price_cents >= 0' },
    {
      name: 'menu_items_tax_rate_check',
      expression: 'tax_rate_basis_points >= 0 and tax_rate_basis_points <= 10000',
    },
  ],
});
