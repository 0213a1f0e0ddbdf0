import type DataLoader from 'dataloader';
import type { TenantRequestContext } from '../../../platform/src/graphql/request-context';
import type { CalendarFeedReader, CalendarFeedService } from './calendar-feeds';
import type { ChannelConnectionService, ChannelInbox } from './channels/channel-connections';
import type { ChannelAdapter, InboundChannel } from './channels/inbound-channels';
import type { FloorService } from './floor-management';
import type { DiningTable } from './entities/dining-table.entity';
import type { Reservation } from './entities/reservation.entity';
import type { OrderAtTable, ReservationsService } from './reservations.service';

export interface ReservationsServices {
  reservations: ReservationsService;
  /** Batches entity references to reservations: one query per gateway fetch. */
  reservationById: DataLoader<string, Reservation | null>;
  /** Batches `Reservation.table(s)`: one query for every table of a page. */
  tableByCode: DataLoader<string, DiningTable | null>;
  /** Batches `Order.reservation`: one query for every order of a gateway fetch. */
  reservationForOrder: DataLoader<OrderAtTable, Reservation | null>;
  /** The tenant's iCalendar feeds: create, revoke. */
  calendarFeeds: CalendarFeedService;
  /** The tenant's booking platform connections: connect, list, disconnect. */
  channels: ChannelConnectionService;
  /** The tenant's floor and service, as its manager changes them. */
  floor: FloorService;
}

export type ReservationsContext = TenantRequestContext<ReservationsServices> & {
  /** Reads a feed by its token, for any caller or none: the token names the tenant. */
  calendarFeedReader: CalendarFeedReader;
  /** Takes a booking platform's notification, for any caller or none: the token names the tenant. */
  channelInbox: ChannelInbox;
  channelAdapters: Record<InboundChannel, ChannelAdapter>;
};
