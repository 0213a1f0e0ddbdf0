import { Migration20261125233000Payments } from './Migration20261125233000Payments';
import { Migration20261126050000PendingRefunds } from './Migration20261126050000PendingRefunds';
import { Migration20261126070000PaymentsChangeNotifications } from './Migration20261126070000PaymentsChangeNotifications';
import { Migration20261127160000PaymentsChangesNameSchema } from './Migration20261127160000PaymentsChangesNameSchema';

/** Every migration of the payments schema, oldest first. `npm run migration:create` appends. */
export const paymentsMigrations = [
  { name: 'Migration20261125233000Payments', class: Migration20261125233000Payments },
  { name: 'Migration20261126050000PendingRefunds', class: Migration20261126050000PendingRefunds },
  {
    name: 'Migration20261126070000PaymentsChangeNotifications',
    class: Migration20261126070000PaymentsChangeNotifications,
  },
  {
    name: 'Migration20261127160000PaymentsChangesNameSchema',
    class: Migration20261127160000PaymentsChangesNameSchema,
  },
];
