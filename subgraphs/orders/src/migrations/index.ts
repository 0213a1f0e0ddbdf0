import { Migration20261125000300Orders } from './Migration20261125000300Orders';
import { Migration20261125000600OrdersRowLevelSecurity } from './Migration20261125000600OrdersRowLevelSecurity';
import { Migration20261125233100OrderPaidCents } from './Migration20261125233100OrderPaidCents';
import { Migration20261126070000OrdersChangeNotifications } from './Migration20261126070000OrdersChangeNotifications';
import { Migration20261127043000OrderPaidAsOfSeq } from './Migration20261127043000OrderPaidAsOfSeq';
import { Migration20261127160000OrdersChangesNameSchema } from './Migration20261127160000OrdersChangesNameSchema';

/** Every migration of the orders schema, oldest first. `npm run migration:create` appends. */
export const ordersMigrations = [
  { name: 'Migration20261125000300Orders', class: Migration20261125000300Orders },
  {
    name: 'Migration20261125000600OrdersRowLevelSecurity',
    class: Migration20261125000600OrdersRowLevelSecurity,
  },
  {
    name: 'Migration20261125233100OrderPaidCents',
    class: Migration20261125233100OrderPaidCents,
  },
  {
    name: 'Migration20261126070000OrdersChangeNotifications',
    class: Migration20261126070000OrdersChangeNotifications,
  },
  {
    name: 'Migration20261127043000OrderPaidAsOfSeq',
    class: Migration20261127043000OrderPaidAsOfSeq,
  },
  {
    name: 'Migration20261127160000OrdersChangesNameSchema',
    class: Migration20261127160000OrdersChangesNameSchema,
  },
];
