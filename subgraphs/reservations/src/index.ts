import DataLoader from 'dataloader';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { SecretBox } from '../../../platform/src/crypto/secret-box';
import { openSecretBox } from '../../../platform/src/crypto/secret-key-store';
import { tenantRequestContext } from '../../../platform/src/graphql/request-context';
import type { SubgraphDefinition } from '../../../platform/src/graphql/subgraph-server';
import type { Logger } from '../../../platform/src/logger';
import { CalendarFeedReader, CalendarFeedService } from './calendar-feeds';
import { channelAdapters } from './channels/channel-adapters';
import { ChannelConnectionService, ChannelInbox } from './channels/channel-connections';
import type { ReservationsContext } from './context';
import { CalendarFeedSchema } from './entities/calendar-feed.entity';
import { ChannelConnectionSchema } from './entities/channel-connection.entity';
import { DiningTableSchema } from './entities/dining-table.entity';
import { FloorSettingsSchema } from './entities/floor-settings.entity';
import { ReservationSchema } from './entities/reservation.entity';
import { TableHoldSchema } from './entities/table-hold.entity';
import { reservationsMigrations } from './migrations';
import { reservationsPermissions } from './permissions';
import { ReservationsService, type OrderAtTable } from './reservations.service';
import { resolvers } from './resolvers';
import { FloorService } from './floor-management';
import { FLOOR_TABLES, type KeptFloors } from './floor-plan';

export const RESERVATIONS_SCHEMA = 'reservations';
export const reservationsEntities = [
  CalendarFeedSchema,
  ChannelConnectionSchema,
  DiningTableSchema,
  FloorSettingsSchema,
  ReservationSchema,
  TableHoldSchema,
];
export const reservationsTenantEntities = [
  'CalendarFeed',
  'ChannelConnection',
  'DiningTable',
  'FloorSettings',
  'Reservation',
  'TableHold',
];
export { FLOOR_TABLES, reservationsMigrations, ReservationsService, type KeptFloors };

export function reservationsSubgraph(deps: {
  orm: MikroORM;
  internalSecret: string;
  logger: Logger;
  /** `SOTTO_SECRETS_KEY`; unset: the key kept in the schema. */
  secretsKey?: string;
  /** The floors this process keeps for reads (`KeptFloors`); none: each read reads it. */
  floors?: KeptFloors;
}): SubgraphDefinition<ReservationsContext> {
  let secretBox: Promise<SecretBox> | undefined;
  const secrets = () =>
    (secretBox ??= openSecretBox(deps.orm.em.fork(), RESERVATIONS_SCHEMA, deps.secretsKey).catch(
      (error: unknown) => {
        secretBox = undefined;
        throw error;
      },
    ));
  const adapters = channelAdapters();
  const channelInbox = new ChannelInbox(deps.orm.em, secrets, adapters);
  return {
    name: 'reservations',
    resolvers,
    permissions: reservationsPermissions,
    orm: deps.orm,
    internalSecret: deps.internalSecret,
    logger: deps.logger,
    context: (caller, requestId) => ({
      ...tenantRequestContext(deps.orm, caller, requestId, (db, tenant) => {
        const reservations = new ReservationsService(db, tenant, { floors: deps.floors });
        return {
          reservations,
          reservationById: new DataLoader((ids: readonly string[]) => reservations.findMany(ids)),
          tableByCode: new DataLoader((codes: readonly string[]) =>
            reservations.tablesByCode(codes),
          ),
          reservationForOrder: new DataLoader(
            (orders: readonly OrderAtTable[]) => reservations.forOrders(orders),
            { cache: false },
          ),
          calendarFeeds: new CalendarFeedService(db),
          channels: new ChannelConnectionService(db, secrets, adapters),
          floor: new FloorService(db, tenant, deps.floors),
        };
      }),
      calendarFeedReader: new CalendarFeedReader(deps.orm.em),
      channelInbox,
      channelAdapters: adapters,
    }),
  };
}
