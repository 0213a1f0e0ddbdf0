import { Client } from 'pg';
import { testDatabaseUrl, type TestTenant } from '../../../test/support/test-platform';

export const ITEM_ID = /^inv_[0-9a-z]{26}$/;
export const MOVEMENT_ID = /^mov_[0-9a-z]{26}$/;

/** Every stock item of the tenant, by sku, through REST. */
export async function stockBySku(tenant: TestTenant): Promise<Map<string, any>> {
  const answer = await tenant.rest('GET', '/inventory/items?limit=100');
  if (answer.status !== 200) throw new Error(`listing stock failed: ${answer.text}`);
  return new Map(answer.body.data.map((item: any) => [item.sku, item]));
}

export async function itemOf(tenant: TestTenant, id: string): Promise<any> {
  const answer = await tenant.rest('GET', `/inventory/items/${id}`);
  if (answer.status !== 200) throw new Error(`reading ${id} failed: ${answer.text}`);
  return answer.body;
}

/** A stock item of its own, through GraphQL; no recipe uses it. */
export async function newItem(
  tenant: TestTenant,
  fields: { quantity: number; lowStockThreshold?: number; unit?: string; name?: string },
): Promise<string> {
  const answer = await tenant.graphql(
    `mutation ($input: CreateInventoryItemInput!) { createInventoryItem(input: $input) { id } }`,
    { input: { name: 'Test item', unit: 'unit', ...fields } },
  );
  if (!answer.body.data) throw new Error(`creating an item failed: ${answer.text}`);
  return answer.body.data.createInventoryItem.id;
}

/** The item's ledger, oldest first. */
export async function movementsOf(tenant: TestTenant, id: string): Promise<any[]> {
  const answer = await tenant.graphql(
    `query ($id: ID!) { inventoryItem(id: $id) { movements(first: 100) {
        id type quantity quantityAfter reason createdByKeyId createdByRole orderId } } }`,
    { id },
  );
  return [...answer.body.data.inventoryItem.movements].reverse();
}

/**
 * Polls until `read` answers something other than `from`, within a bounded time: the event-log
 * consumer works in the background, woken by NOTIFY, so the test waits for the change it
 * expects instead of sleeping a fixed time.
 */
export async function waitForChange<T>(
  read: () => Promise<T>,
  from: T,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (JSON.stringify(value) !== JSON.stringify(from)) return value;
    if (Date.now() > deadline) throw new Error(`no change from ${JSON.stringify(from)} in time`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** How many `inventory.low_stock` events the log holds for an item. */
export async function lowStockEvents(itemId: string): Promise<number> {
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      `select count(*) from events.event_log where type = 'inventory.low_stock' and aggregate_id = $1`,
      [itemId],
    );
    return Number(rows[0]!.count);
  } finally {
    await client.end();
  }
}
