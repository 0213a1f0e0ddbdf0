import { Migration20261125000700Reservations } from './Migration20261125000700Reservations';
import { Migration20261125214500CalendarFeeds } from './Migration20261125214500CalendarFeeds';
import { Migration20261126000100ChannelConnections } from './Migration20261126000100ChannelConnections';
import { Migration20261126070000ReservationsChangeNotifications } from './Migration20261126070000ReservationsChangeNotifications';
import { Migration20261127160000ReservationsChangesNameSchema } from './Migration20261127160000ReservationsChangesNameSchema';
import { Migration20261129150000ReservationsChangesNameTable } from './Migration20261129150000ReservationsChangesNameTable';

/** Every migration of the reservations schema, oldest first. `npm run migration:create` appends. */
export const reservationsMigrations = [
  { name: 'Migration20261125000700Reservations', class: Migration20261125000700Reservations },
  { name: 'Migration20261125214500CalendarFeeds', class: Migration20261125214500CalendarFeeds },
  {
    name: 'Migration20261126000100ChannelConnections',
    class: Migration20261126000100ChannelConnections,
  },
  {
    name: 'Migration20261126070000ReservationsChangeNotifications',
    class: Migration20261126070000ReservationsChangeNotifications,
  },
  {
    name: 'Migration20261127160000ReservationsChangesNameSchema',
    class: Migration20261127160000ReservationsChangesNameSchema,
  },
  {
    name: 'Migration20261129150000ReservationsChangesNameTable',
    class: Migration20261129150000ReservationsChangesNameTable,
  },
];
