import { buildSchema, parse } from 'graphql';
import { EVENT_TYPES } from '../../../platform/src/events/event-log';
import { SUBSCRIPTION_FIELDS, subscriptionSdl } from './subscription-fields';

describe('the subscription table', () => {
  it('gives every event type of the log a field', () => {
    const covered = new Set(SUBSCRIPTION_FIELDS.flatMap((f) => f.events));
    expect([...EVENT_TYPES].filter((type) => !covered.has(type))).toEqual([]);
  });

  it('writes a Subscription type with `after` on every field', () => {
    const types =
      'type Order { id: ID! } type Reservation { id: ID! } type InventoryItem { id: ID! } type Payment { id: ID! } type Query { x: Int }';
    const schema = buildSchema(`${types}\n${subscriptionSdl()}`);
    const fields = schema.getSubscriptionType()!.getFields();
    expect(Object.keys(fields)).toEqual(SUBSCRIPTION_FIELDS.map((f) => f.field));
    for (const field of Object.values(fields)) {
      expect(field.args.map((arg) => arg.name)).toContain('after');
    }
    expect(() => parse(subscriptionSdl())).not.toThrow();
  });
});
