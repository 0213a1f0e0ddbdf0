import { DomainError, ValidationFailed, type FieldProblem } from '../../../platform/src/errors';
import type { MenuSnapshot } from './entities/order-item.entity';
import type { StockShortage } from './inventory-client';
import type { MenuItemFacts } from './menu-client';

export interface OrderLineInput {
  menuItemId: string;
  quantity: number;
  modifiers?: readonly string[] | null;
  notes?: string | null;
}

export interface ValidLine {
  snapshot: MenuSnapshot;
  quantity: number;
  modifiers: string[];
  notes: string;
  currency: string;
}

export const MAX_LINES = 200;
export const MAX_QUANTITY = 999;
export const MAX_NOTES = 500;

/**
 * Turns requested lines into priced snapshots, checking each against the menu: the item
 * exists and is available, the quantity is 1 to 999, every modifier is one the item allows.
 * All problems of one kind are reported together, with the index of the line.
 */
export function buildLines(
  lines: readonly OrderLineInput[],
  menu: ReadonlyMap<string, MenuItemFacts>,
  options: { allowEmpty?: boolean } = {},
): ValidLine[] {
  if (!lines.length && !options.allowEmpty) {
    throw new ValidationFailed('INVALID_FIELD', 'An order needs at least one item', [
      { field: 'items', message: 'must contain at least one item' },
    ]);
  }
  if (lines.length > MAX_LINES) {
    throw new ValidationFailed('INVALID_FIELD', `At most ${MAX_LINES} items per request`, [
      { field: 'items', message: `must contain at most ${MAX_LINES} items` },
    ]);
  }
  const problems = {
    quantity: [] as FieldProblem[],
    unknown: [] as FieldProblem[],
    unavailable: [] as FieldProblem[],
    modifier: [] as FieldProblem[],
    field: [] as FieldProblem[],
  };
  const valid: ValidLine[] = [];
  lines.forEach((line, index) => {
    const at = `items[${index}]`;
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY) {
      problems.quantity.push({
        field: `${at}.quantity`,
        message: `must be a whole number from 1 to ${MAX_QUANTITY}`,
      });
    }
    const notes = line.notes ?? '';
    if (notes.length > MAX_NOTES) {
      problems.field.push({
        field: `${at}.notes`,
        message: `must be at most ${MAX_NOTES} characters`,
      });
    }
    const facts = menu.get(line.menuItemId);
    if (!facts) {
      problems.unknown.push({
        field: `${at}.menu_item_id`,
        message: `'${line.menuItemId}' is not on this restaurant's menu`,
      });
      return;
    }
    if (!facts.available) {
      problems.unavailable.push({
        field: `${at}.menu_item_id`,
        message: `'${line.menuItemId}' cannot be ordered at the moment`,
      });
    }
    const modifiers = [...(line.modifiers ?? [])];
    let modifierCents = 0;
    modifiers.forEach((code, position) => {
      const price = facts.modifierPrices.get(code);
      if (price === undefined) {
        problems.modifier.push({
          field: `${at}.modifiers[${position}]`,
          message: `'${code}' is not a modifier of '${facts.id}'`,
        });
      } else if (modifiers.indexOf(code) !== position) {
        problems.modifier.push({
          field: `${at}.modifiers[${position}]`,
          message: `'${code}' is listed twice`,
        });
      } else {
        modifierCents += price;
      }
    });
    valid.push({
      snapshot: {
        menuItemId: facts.id,
        name: facts.name,
        unitPriceCents: facts.priceCents + modifierCents,
        taxRateBasisPoints: facts.taxRateBasisPoints,
        station: facts.station,
      },
      quantity: line.quantity,
      modifiers,
      notes,
      currency: facts.currency,
    });
  });

  if (problems.field.length)
    throw new ValidationFailed('INVALID_FIELD', 'Invalid item', problems.field);
  if (problems.quantity.length) {
    throw new ValidationFailed(
      'INVALID_QUANTITY',
      'Quantities must be at least 1',
      problems.quantity,
    );
  }
  if (problems.unknown.length) {
    throw new ValidationFailed('UNKNOWN_MENU_ITEM', 'Unknown menu item', problems.unknown);
  }
  if (problems.unavailable.length) {
    throw new ValidationFailed('ITEM_UNAVAILABLE', 'Menu item unavailable', problems.unavailable);
  }
  if (problems.modifier.length) {
    throw new ValidationFailed(
      'MODIFIER_NOT_ALLOWED',
      'A modifier is not allowed on this item',
      problems.modifier,
    );
  }
  const currencies = new Set(valid.map((line) => line.currency));
  if (currencies.size > 1) {
    throw new DomainError('INVALID_FIELD', 'An order cannot mix currencies', [...currencies]);
  }
  return valid;
}

/**
 * Refuses, with ITEM_UNAVAILABLE on every line concerned, a basket that stock cannot cover:
 * inventory adds up what the lines take from each stock item before comparing.
 */
export function refuseUncoveredLines(
  lines: readonly OrderLineInput[],
  shortages: readonly StockShortage[],
): void {
  if (!shortages.length) return;
  const problems: FieldProblem[] = [];
  lines.forEach((line, index) => {
    const short = shortages.filter((shortage) => shortage.menuItemIds.includes(line.menuItemId));
    if (!short.length) return;
    const what = short
      .map((s) => `${s.itemName} (needs ${s.needed} ${s.unit}, ${s.available} left)`)
      .join(', ');
    problems.push({
      field: `items[${index}].menu_item_id`,
      message: `'${line.menuItemId}' cannot be ordered: not enough stock of ${what}`,
    });
  });
  throw new ValidationFailed('ITEM_UNAVAILABLE', 'Stock cannot cover this order', problems);
}

export function validateReference(field: string, value: string | null | undefined): void {
  if (value != null && (value.length < 1 || value.length > 64)) {
    throw new ValidationFailed('INVALID_FIELD', `${field} must have 1 to 64 characters`, [
      { field, message: 'must have 1 to 64 characters' },
    ]);
  }
}
