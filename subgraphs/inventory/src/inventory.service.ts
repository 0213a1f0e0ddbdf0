import { UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import {
  DomainError,
  NotFoundError,
  ValidationFailed,
  type ErrorCode,
} from '../../../platform/src/errors';
import { hasPrefix } from '../../../platform/src/ids';
import { groupBy } from '../../../platform/src/group-by';
import type { Caller } from '../../../platform/src/tenancy/tenant';
import { insertStatement } from '../../../platform/src/database/entity-statements';
import {
  lockedRowQuery,
  lockedRowsQuery,
  OWN_ROWS,
  type TenantDatabase,
} from '../../../platform/src/tenancy/tenant-database';
import { TenantWhere } from '../../../platform/src/tenancy/tenant-where';
import type { Row } from '../../../platform/src/database/row-entities';
import type { TenantSchemaCache } from '../../../platform/src/database/tenant-schema-cache';
import { InventoryItem, isUnit, UNITS, type Unit } from './entities/inventory-item.entity';
import { RecipeLine } from './entities/recipe-line.entity';
import {
  StockMovement,
  type MovementFields,
  type MovementType,
} from './entities/stock-movement.entity';
import { parseQuantity } from './quantity';
import { findShortages, type StockDemand, type StockShortage } from './stock-coverage';
import { ITEMS, movementStatements, writeMovement } from './stock-ledger';

export interface InventoryItemPage {
  items: InventoryItem[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface InventoryFilter {
  lowStock?: boolean | null;
  unit?: string | null;
  search?: string | null;
  first?: number | null;
  after?: string | null;
}

export interface NewInventoryItem {
  sku?: string | null;
  name: string;
  unit: string;
  quantity?: number | null;
  lowStockThreshold?: number | null;
}

export interface MovementRequest {
  itemId: string;
  type: MovementType;
  quantity: number;
  reason?: string | null;
}

/** Which way each type of movement moves stock; an adjustment carries its own sign. */
const DIRECTION: Record<MovementType, 1 | -1 | 0> = {
  receipt: 1,
  sale: -1,
  waste: -1,
  transfer: -1,
  adjustment: 0,
};

const MAX_NAME = 200;
const MAX_REASON = 500;
const SKU = /^[a-z0-9][a-z0-9_-]{0,63}$/;

function invalid(field: string, message: string): never {
  throw new ValidationFailed('INVALID_FIELD', `Invalid ${field}: ${message}`, [{ field, message }]);
}

function checkReason(reason: string | null | undefined): string | null {
  if (reason != null && reason.length > MAX_REASON) {
    invalid('reason', `must be at most ${MAX_REASON} characters`);
  }
  return reason?.trim() || null;
}

/**
 * The stock items that the recipes of some menu items (`?`) use, by name (the recipes' order).
 * The recipes' item ids are read first, as an array, and the items looked up by them: written as
 * `id in (select …)`, PostgreSQL without statistics on these tables (a new database; autovacuum
 * off) joined every item of the restaurant to a scan of all its recipe lines, rows read growing
 * as items × lines (290,000 rows and 32 ms for 200 items and 750 lines).
 */
export const RECIPE_ITEMS_SQL = `select * from inventory.inventory_items where ${OWN_ROWS} and id = any (array(
    select item_id from inventory.recipe_lines where ${OWN_ROWS} and menu_item_id in (?)))
    order by name`;

/**
 * The recipe lines of some menu items (`?`), put in order by `recipesFor` from the items' order
 * (the stock consumer reads them so too, in no order).
 * Sorted here by a subquery on each line's item name, PostgreSQL without statistics looked each
 * item up through all the restaurant's items.
 */
export const RECIPE_LINES_SQL = `select * from inventory.recipe_lines where ${OWN_ROWS} and menu_item_id in (?)`;

/**
 * Whether the tenant has any recipe (`counts`): a restaurant that counts no stock is never short
 * of it, and its orders take none (the order-stock consumer asks it too).
 */
export const COUNTS_STOCK_SQL = `select exists (select 1 from inventory.recipe_lines where ${OWN_ROWS}) as counts`;

/**
 * Whether each tenant counts stock (has any recipe), as the process keeps it until a change to
 * the tenant's stock rows is notified: an order at a restaurant without recipes then asks
 * PostgreSQL nothing to learn that nothing limits it.
 */
export type StockCounting = TenantSchemaCache<boolean>;

/**
 * The rows of `RECIPE_ITEMS_SQL` and `RECIPE_LINES_SQL` for a set of menu items, as the process
 * keeps them per tenant and set until a change to the tenant's stock is notified: a kitchen
 * display or a till reading an order's availability between two sales asks PostgreSQL nothing
 * for it. A sale, a movement or a recipe changes the schema's rows, so the next read loads.
 */
export type RecipeStock = TenantSchemaCache<Row[][]>;

/** What the process keeps of each tenant's stock between requests (each read when absent). */
export interface KeptStock {
  counting?: StockCounting;
  recipes?: RecipeStock;
}

/**
 * Puts recipe lines in each recipe's order: by their item's name, as `items` come (sorted by
 * PostgreSQL, in its collation), then by line id (the order of PostgreSQL's uuid, which is that
 * of their lowercase text).
 */
function inRecipeOrder(lines: RecipeLine[], itemsByName: readonly InventoryItem[]): RecipeLine[] {
  const rank = new Map<InventoryItem, number>();
  itemsByName.forEach((item, index) => {
    const previous = itemsByName[index - 1];
    // Items of the same name share a place: their lines then go by line id, as one name's.
    rank.set(item, previous && previous.name === item.name ? rank.get(previous)! : index);
  });
  const placeOf = (line: RecipeLine) => rank.get(line.item) ?? itemsByName.length;
  return lines.sort(
    (a, b) => placeOf(a) - placeOf(b) || (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0),
  );
}

/**
 * The stock of one tenant: items, their ledger, recipes. Every change of stock locks the item
 * row, applies the movement, writes it to the ledger and, on a downward crossing of the
 * threshold, appends `inventory.low_stock`, all in one transaction.
 */
export class InventoryService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly caller: Caller,
    private readonly kept: KeptStock = {},
  ) {}

  /** One query for many ids, in the order asked; `null` where the id is unknown here. */
  async findMany(ids: readonly string[]): Promise<(InventoryItem | null)[]> {
    const known = ids.filter((id) => hasPrefix(id, 'inventoryItem'));
    const items = known.length
      ? await this.db.readEntities(InventoryItem, {
          sql: `select * from inventory.inventory_items where ${OWN_ROWS} and id in (?)`,
          params: [known],
        })
      : [];
    const byId = new Map(items.map((item) => [item.id, item]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async list(filter: InventoryFilter): Promise<InventoryItemPage> {
    const first = filter.first ?? 50;
    if (!Number.isInteger(first) || first < 1 || first > 100) {
      invalid('first', 'must be a whole number from 1 to 100');
    }
    if (filter.after != null && !hasPrefix(filter.after, 'inventoryItem')) {
      invalid('after', 'must be the end cursor of a previous page');
    }
    if (filter.unit != null && !isUnit(filter.unit)) invalid('unit', `must be one of ${UNITS}`);
    if (filter.search != null && filter.search.length > MAX_NAME) {
      invalid('search', `must be at most ${MAX_NAME} characters`);
    }
    const where = new TenantWhere();
    if (filter.unit != null) where.and('unit = ?', filter.unit);
    if (filter.search) where.and('name ilike ?', `%${escapeLike(filter.search)}%`);
    if (filter.lowStock != null) {
      where.and(`low_stock_since is ${filter.lowStock ? 'not null' : 'null'}`);
    }
    if (filter.after != null) where.and('id > ?', filter.after);
    const rows = await this.db.readEntities(InventoryItem, {
      sql: `select * from inventory.inventory_items where ${where} order by id limit ?`,
      params: [...where.params, first + 1],
    });
    const items = rows.slice(0, first);
    return { items, hasNextPage: rows.length > first, endCursor: items.at(-1)?.id ?? null };
  }

  /** The items at or under their threshold, the most depleted (relative to it) first. */
  async alerts(): Promise<InventoryItem[]> {
    const items = await this.db.readEntities(InventoryItem, {
      sql: `select * from inventory.inventory_items
             where ${OWN_ROWS} and low_stock_since is not null order by id`,
    });
    const ratio = (item: InventoryItem) =>
      item.lowStockThresholdMilli ? item.quantityMilli / item.lowStockThresholdMilli : 0;
    return items.sort((a, b) => ratio(a) - ratio(b));
  }

  async movementsOf(item: InventoryItem, first: number | null | undefined) {
    const limit = first ?? 20;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      invalid('first', 'must be a whole number from 1 to 100');
    }
    return this.db.readEntities(StockMovement, {
      sql: `select * from inventory.stock_movements where ${OWN_ROWS} and item_id = ?
             order by id desc limit ?`,
      params: [item.id, limit],
    });
  }

  async create(input: NewInventoryItem): Promise<InventoryItem> {
    const name = input.name.trim();
    if (!name || name.length > MAX_NAME) invalid('name', `must have 1 to ${MAX_NAME} characters`);
    if (!isUnit(input.unit)) invalid('unit', `must be one of ${UNITS.join(', ')}`);
    if (input.sku != null && !SKU.test(input.sku)) {
      invalid('sku', 'must be 1 to 64 lowercase letters, digits, _ or -');
    }
    const quantity = parseQuantity('quantity', input.quantity ?? 0, 'non-negative');
    const threshold = parseQuantity(
      'low_stock_threshold',
      input.lowStockThreshold ?? 0,
      'non-negative',
    );
    try {
      return await this.db.transaction(async (em) => {
        const item = new InventoryItem(this.db.tenant, {
          sku: input.sku,
          name,
          unit: input.unit as Unit,
          lowStockThresholdMilli: threshold,
        });
        em.persist(item);
        await em.flush();
        await writeMovement(em, item, {
          type: 'receipt',
          deltaMilli: quantity,
          reason: 'opening stock',
          actor: this.actor(),
        });
        return item;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new DomainError('CONFLICT', `An item with sku '${input.sku}' exists already`, {
          sku: input.sku,
        });
      }
      throw error;
    }
  }

  /** A movement from a client: the item is named in the body, so an unknown one is a 422. */
  async recordMovement(request: MovementRequest): Promise<StockMovement> {
    const direction = DIRECTION[request.type];
    const milli = parseQuantity('quantity', request.quantity, direction ? 'positive' : 'non-zero');
    const reason = checkReason(request.reason);
    return this.moveLockedItem(request.itemId, 'UNKNOWN_INVENTORY_ITEM', () => ({
      type: request.type,
      deltaMilli: direction ? direction * milli : milli,
      reason,
      actor: this.actor(),
    }));
  }

  /** Sets the stock to a counted quantity: an adjustment by the difference, even of zero. */
  async setLevel(itemId: string, quantity: number, reason?: string | null) {
    const counted = parseQuantity('quantity', quantity, 'non-negative');
    const why = checkReason(reason) ?? 'stock count';
    return this.moveLockedItem(itemId, 'INVENTORY_ITEM_NOT_FOUND', (item) => ({
      type: 'adjustment',
      deltaMilli: counted - item.quantityMilli,
      reason: why,
      actor: this.actor(),
    }));
  }

  /** The recipes of these menu items, in one query. */
  async recipesFor(menuItemIds: readonly string[]): Promise<Map<string, RecipeLine[]>> {
    // Sorted: the same items asked in another order are the same kept rows.
    const codes = [...new Set(menuItemIds)].sort();
    if (!codes.length) return new Map();
    const recipeReads = [
      { sql: RECIPE_ITEMS_SQL, params: [codes] },
      { sql: RECIPE_LINES_SQL, params: [codes] },
    ];
    // Whether the tenant counts stock at all, kept by the process: read in the same message
    // as the recipes when it is not kept, and nothing read when it is known to count none.
    const counting = await this.kept.counting?.getAlong(this.db.tenant, async () => {
      const [[flag], ...recipeRows] = await this.db.read([
        { sql: COUNTS_STOCK_SQL },
        ...recipeReads,
      ]);
      return { value: flag!.counts === true, along: recipeRows };
    });
    if (counting && !counting.value) return new Map();
    const readRecipes = () => this.db.read(recipeReads);
    const [itemRows, lineRows] =
      counting?.along ??
      (await (this.kept.recipes?.get(this.db.tenant, readRecipes, JSON.stringify(codes)) ??
        readRecipes()));
    const items = this.db.entities(InventoryItem, itemRows!);
    const lines = this.db.entities(RecipeLine, lineRows!, { item: items });
    return groupBy(inRecipeOrder(lines, items), (line) => line.menuItemId);
  }

  async setRecipe(
    menuItemId: string,
    ingredients: readonly { itemId: string; quantity: number }[],
  ): Promise<RecipeLine[]> {
    if (!SKU.test(menuItemId)) invalid('menu_item_id', 'is not a menu item code');
    if (ingredients.length > 50) invalid('ingredients', 'must have at most 50 lines');
    const parsed = ingredients.map((line, index) => ({
      itemId: line.itemId,
      milli: parseQuantity(`ingredients[${index}].quantity`, line.quantity, 'positive'),
    }));
    if (new Set(parsed.map((line) => line.itemId)).size !== parsed.length) {
      invalid('ingredients', 'lists an item twice');
    }
    // Two round trips: the stock items named locked and read; then the menu item's old lines
    // deleted, the new ones written, and the commit.
    const ids = parsed.map((line) => line.itemId).filter((id) => hasPrefix(id, 'inventoryItem'));
    const recipe = await this.db.lockThenWrite([lockedRowsQuery(ITEMS, ids)], ([rows]) => {
      const items = new Map(this.db.entities(InventoryItem, rows!).map((item) => [item.id, item]));
      const unknown = parsed.findIndex((line) => !items.has(line.itemId));
      if (unknown >= 0) {
        throw new ValidationFailed('UNKNOWN_INVENTORY_ITEM', 'Unknown inventory item', [
          {
            field: `ingredients[${unknown}].item_id`,
            message: `'${parsed[unknown]!.itemId}' is not in this restaurant's stock`,
          },
        ]);
      }
      const lines = parsed.map(
        (line) => new RecipeLine(menuItemId, items.get(line.itemId)!, line.milli),
      );
      const statements = [
        {
          sql: `delete from inventory.recipe_lines where ${OWN_ROWS} and menu_item_id = ?`,
          params: [menuItemId],
        },
        ...lines.map((line) => insertStatement(this.db.mapping, line)),
      ];
      return { statements, answer: lines };
    });
    // The next order on this process is checked against the recipe at once (a first recipe
    // makes the restaurant count stock), without waiting for the change's notification.
    await this.stockChanged();
    return recipe;
  }

  /** What stock cannot cover in a basket; the orders subgraph asks before it takes an order. */
  async shortages(demands: readonly StockDemand[]): Promise<StockShortage[]> {
    if (demands.some((demand) => !Number.isInteger(demand.quantity) || demand.quantity < 1)) {
      throw new ValidationFailed('INVALID_QUANTITY', 'Quantities must be at least 1', [
        { field: 'lines.quantity', message: 'must be a whole number of at least 1' },
      ]);
    }
    const recipes = await this.recipesFor(demands.map((demand) => demand.menuItemId));
    return findShortages(demands, recipes);
  }

  /**
   * This process committed a change to the tenant's stock: what it keeps of it is read again from
   * the next request on, without waiting for the notification (a client reads its own writes).
   */
  private async stockChanged(): Promise<void> {
    // Both are caches of the `inventory` schema: telling one moves the schema's generation for
    // every cache of it in the process (`changedHere`), so one is told.
    await (this.kept.recipes ?? this.kept.counting)?.changed(this.db.tenant);
  }

  private actor() {
    return { keyId: this.caller.keyId, role: this.caller.role };
  }

  /**
   * One movement of one item, in two round trips (`TenantDatabase.lockThenWrite`): the item
   * locked and read; then its new level, the movement, the low-stock event if it is one, and
   * the commit.
   */
  private async moveLockedItem(
    id: string,
    unknownCode: ErrorCode,
    movementOf: (item: InventoryItem) => MovementFields,
  ): Promise<StockMovement> {
    if (!hasPrefix(id, 'inventoryItem')) throw this.unknownItem(id, unknownCode);
    const moved = await this.db.lockThenWrite([lockedRowQuery(ITEMS, id)], ([rows]) => {
      const [item] = this.db.entities(InventoryItem, rows!);
      if (!item) throw this.unknownItem(id, unknownCode);
      const { movement, statements } = movementStatements(this.db.mapping, item, movementOf(item));
      return { statements, answer: movement };
    });
    await this.stockChanged();
    return moved;
  }

  private unknownItem(id: string, unknownCode: ErrorCode): Error {
    if (unknownCode === 'UNKNOWN_INVENTORY_ITEM') {
      return new ValidationFailed(unknownCode, 'Unknown inventory item', [
        { field: 'item_id', message: `'${id}' is not in this restaurant's stock` },
      ]);
    }
    return new NotFoundError(unknownCode, 'Inventory item', id);
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
