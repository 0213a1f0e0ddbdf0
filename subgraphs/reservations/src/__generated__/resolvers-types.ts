import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Reservation as ReservationModel } from '../entities/reservation.entity';
import type { FloorTable as FloorTableModel } from '../table-assignment';
import type { Availability as AvailabilityModel, ReservationPage as ReservationPageModel, CreateOutcome as CreateOutcomeModel, OrderAtTable as OrderAtTableModel } from '../reservations.service';
import type { ChannelConnection as ChannelConnectionModel } from '../entities/channel-connection.entity';
import type { NewChannelConnection as NewChannelConnectionModel, ChannelReceipt as ChannelReceiptModel } from '../channels/channel-connections';
import type { FloorSettingsFields as FloorSettingsFieldsModel } from '../entities/floor-settings.entity';
import type { SetTableOutcome as SetTableOutcomeModel } from '../floor-management';
import type { ReservationsContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant in ISO 8601, in UTC: `2023-09-15T14:32:45Z`. */
  DateTime: { input: Date; output: Date; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** The booking platforms that notify the restaurant of their bookings. */
export type BookingChannel =
  | 'OPENTABLE'
  | 'RESY'
  | 'THEFORK'
  | 'ZENCHEF';

/** A connected booking platform, without its token or credentials. */
export type BookingChannelConnection = {
  __typename?: 'BookingChannelConnection';
  channel: BookingChannel;
  createdAt: Scalars['DateTime']['output'];
  /** The platform's documentation that the notification format follows. */
  documentation?: Maybe<Scalars['String']['output']>;
  hasCredentials: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  /** DOCUMENTED: the platform's public notification format; SOTTO: ours (see the README). */
  notificationFormat: NotificationFormat;
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
};

/** A calendar feed, without its token. */
export type CalendarFeed = {
  __typename?: 'CalendarFeed';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
};

export type ChannelOutcome =
  | 'CREATED'
  | 'IGNORED'
  | 'UNCHANGED'
  | 'UPDATED';

/** What a notification did. */
export type ChannelReceipt = {
  __typename?: 'ChannelReceipt';
  outcome: ChannelOutcome;
  /** Why nothing changed, for UNCHANGED and IGNORED. */
  reason?: Maybe<Scalars['String']['output']>;
  /**
   * The reservation, with its own fields only: who posted holds a token, not an access token, so
   * fields reaching other data (its tables, orders) are not resolved for them.
   */
  reservation?: Maybe<Reservation>;
  /** The codes of the tables the reservation holds (empty when none). */
  tableIds: Array<Scalars['String']['output']>;
};

export type CreateReservationInput = {
  customerEmail?: InputMaybe<Scalars['String']['input']>;
  customerName: Scalars['String']['input'];
  customerPhone?: InputMaybe<Scalars['String']['input']>;
  durationMinutes?: InputMaybe<Scalars['Int']['input']>;
  /** The channel's own id of the booking. */
  externalId?: InputMaybe<Scalars['String']['input']>;
  notes?: InputMaybe<Scalars['String']['input']>;
  partySize: Scalars['Int']['input'];
  /** Default: PHONE. */
  source?: InputMaybe<ReservationSource>;
  startTime: Scalars['DateTime']['input'];
  /** PENDING or CONFIRMED (the default). */
  status?: InputMaybe<ReservationStatus>;
  tableId?: InputMaybe<Scalars['String']['input']>;
};

export type CreateReservationPayload = {
  __typename?: 'CreateReservationPayload';
  /** False when the channel had sent this booking before and it was updated instead. */
  created: Scalars['Boolean']['output'];
  reservation: Reservation;
};

export type DurationRule = {
  __typename?: 'DurationRule';
  minutes: Scalars['Int']['output'];
  /** The largest party the rule covers; null for any larger party (the last rule). */
  upToPartySize?: Maybe<Scalars['Int']['output']>;
};

export type DurationRuleInput = {
  minutes: Scalars['Int']['input'];
  upToPartySize?: InputMaybe<Scalars['Int']['input']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  changeReservationStatus: Reservation;
  /**
   * Connects a booking platform: it will post its booking notifications to the returned URL, whose
   * token is shown only here, once. Connecting a platform again replaces its previous connection.
   * TheFork needs its B2B API credentials (`thefork`), which are stored encrypted, never returned.
   */
  connectBookingChannel: NewBookingChannelConnection;
  /**
   * A new iCalendar feed of the restaurant's reservations, for Google Calendar or Microsoft 365 to
   * subscribe to. Its token (and the URL that carries it) is shown only here, once.
   */
  createCalendarFeed: NewCalendarFeed;
  /**
   * Books a table. Without `tableId`, the best fit: the smallest table or joined pair that seats
   * the party for the whole duration. With `source` and `externalId`, a booking the channel has
   * sent before is updated instead of created twice.
   */
  createReservation: CreateReservationPayload;
  /** Disconnects a platform: its notification URL answers 404 from now on. */
  disconnectBookingChannel: BookingChannelConnection;
  /**
   * A booking platform's notification, found by its connection's token; open to anyone, the
   * token is the credential. `payload` is the platform's JSON body as it was posted. REST serves
   * it at `POST /api/v1/channels/{channel}/notifications?token=…`.
   */
  receiveChannelNotification: ChannelReceipt;
  /** Removes a table; refused with TABLE_IN_USE while upcoming reservations hold it. */
  removeTable: Table;
  /** Revokes a feed: its URL answers 404 from now on. */
  revokeCalendarFeed: CalendarFeed;
  /** Sets the time zone, opening hours and default lengths; existing reservations stay. */
  setServiceSettings: ServiceSettings;
  /**
   * Adds a table or changes one (found by its id). Joinability is made mutual. Refused with
   * TABLE_IN_USE when an upcoming reservation holding the table would no longer fit.
   */
  setTable: SetTablePayload;
  /** Changes the guest, party, time or table while the reservation is pending or confirmed. */
  updateReservation: Reservation;
};


export type MutationChangeReservationStatusArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  status: ReservationStatus;
};


export type MutationConnectBookingChannelArgs = {
  channel: BookingChannel;
  thefork?: InputMaybe<TheForkCredentialsInput>;
};


export type MutationCreateReservationArgs = {
  input: CreateReservationInput;
};


export type MutationDisconnectBookingChannelArgs = {
  id: Scalars['ID']['input'];
};


export type MutationReceiveChannelNotificationArgs = {
  channel: Scalars['String']['input'];
  payload: Scalars['String']['input'];
  token: Scalars['String']['input'];
};


export type MutationRemoveTableArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeCalendarFeedArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSetServiceSettingsArgs = {
  input: ServiceSettingsInput;
};


export type MutationSetTableArgs = {
  input: TableInput;
};


export type MutationUpdateReservationArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  input: UpdateReservationInput;
};

/** A platform just connected: the only time its notification URL's token is shown. */
export type NewBookingChannelConnection = {
  __typename?: 'NewBookingChannelConnection';
  connection: BookingChannelConnection;
  token: Scalars['String']['output'];
  /** The path the platform posts to, token included; prefix the gateway's origin. */
  url: Scalars['String']['output'];
};

/** A calendar feed just created: the only time its token is shown. */
export type NewCalendarFeed = {
  __typename?: 'NewCalendarFeed';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  token: Scalars['String']['output'];
  /** The feed's path on the gateway, `/api/v1/calendar/{token}.ics`; prefix the gateway's origin. */
  url: Scalars['String']['output'];
};

export type NotificationFormat =
  | 'DOCUMENTED'
  | 'SOTTO';

export type OpeningDay = {
  __typename?: 'OpeningDay';
  services: Array<ServicePeriod>;
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: Scalars['Int']['output'];
};

export type OpeningDayInput = {
  services: Array<ServicePeriodInput>;
  weekday: Scalars['Int']['input'];
};

export type Order = {
  __typename?: 'Order';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** The reservation whose table this order was opened at, during its time. */
  reservation?: Maybe<Reservation>;
  tableId?: Maybe<Scalars['String']['output']>;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** The booking platforms connected to the restaurant (live connections only). */
  bookingChannels: Array<BookingChannelConnection>;
  /**
   * The iCalendar (RFC 5545) text of a restaurant's reservations feed, found by the feed's token;
   * null when the token is unknown or revoked. Open to anyone: the token is the credential. REST
   * serves it at `GET /api/v1/calendar/{token}.ics`.
   */
  calendarFeed?: Maybe<Scalars['String']['output']>;
  /** The restaurant's live calendar feeds, without their tokens. */
  calendarFeeds: Array<CalendarFeed>;
  reservation?: Maybe<Reservation>;
  /**
   * Reservations by start time. Without `date` or `status`: the current ones, still holding
   * their tables and not yet over.
   */
  reservations: ReservationConnection;
  /** The restaurant's time zone, opening hours and default reservation lengths. */
  serviceSettings: ServiceSettings;
  /** Which tables can seat a party for the whole duration, and the nearest free times if none. */
  tableAvailability: TableAvailability;
  /** The restaurant's floor. */
  tables: Array<Table>;
};


export type QueryCalendarFeedArgs = {
  token: Scalars['String']['input'];
};


export type QueryReservationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryReservationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  date?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<Array<ReservationStatus>>;
};


export type QueryTableAvailabilityArgs = {
  durationMinutes?: InputMaybe<Scalars['Int']['input']>;
  partySize: Scalars['Int']['input'];
  startTime: Scalars['DateTime']['input'];
};

export type Reservation = {
  __typename?: 'Reservation';
  createdAt: Scalars['DateTime']['output'];
  customerEmail?: Maybe<Scalars['String']['output']>;
  customerName: Scalars['String']['output'];
  customerPhone?: Maybe<Scalars['String']['output']>;
  durationMinutes: Scalars['Int']['output'];
  endTime: Scalars['DateTime']['output'];
  externalId?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  notes: Scalars['String']['output'];
  partySize: Scalars['Int']['output'];
  source: ReservationSource;
  startTime: Scalars['DateTime']['output'];
  status: ReservationStatus;
  /** The table, or the first of the joined tables. */
  table?: Maybe<Table>;
  /** Every table held, one for most parties, two when tables are joined. */
  tables: Array<Table>;
  updatedAt: Scalars['DateTime']['output'];
  version: Scalars['Int']['output'];
};

export type ReservationConnection = {
  __typename?: 'ReservationConnection';
  nodes: Array<Reservation>;
  pageInfo: PageInfo;
};

export type ReservationSource =
  | 'GOOGLE_CALENDAR'
  | 'MICROSOFT_365'
  | 'OPENTABLE'
  | 'PHONE'
  | 'RESY'
  | 'THEFORK'
  | 'VOICE'
  | 'WALK_IN'
  | 'ZENCHEF';

export type ReservationStatus =
  | 'ARRIVED'
  | 'CANCELLED'
  | 'COMPLETED'
  | 'CONFIRMED'
  | 'NO_SHOW'
  | 'PENDING'
  | 'SEATED';

/** A service in local time; `closes` before `opens` passes midnight. */
export type ServicePeriod = {
  __typename?: 'ServicePeriod';
  closes: Scalars['String']['output'];
  opens: Scalars['String']['output'];
};

export type ServicePeriodInput = {
  closes: Scalars['String']['input'];
  opens: Scalars['String']['input'];
};

export type ServiceSettings = {
  __typename?: 'ServiceSettings';
  /** The default length of a reservation by party size: the first rule that covers the party. */
  durations: Array<DurationRule>;
  /** The services of each open day; a day not listed is closed. */
  openingHours: Array<OpeningDay>;
  /** An IANA time zone: `Europe/Paris`. */
  timeZone: Scalars['String']['output'];
};

export type ServiceSettingsInput = {
  durations: Array<DurationRuleInput>;
  openingHours: Array<OpeningDayInput>;
  timeZone: Scalars['String']['input'];
};

export type SetTablePayload = {
  __typename?: 'SetTablePayload';
  /** False when the table existed and was changed. */
  created: Scalars['Boolean']['output'];
  table: Table;
};

export type Table = {
  __typename?: 'Table';
  capacity: Scalars['Int']['output'];
  /** The restaurant's own name for the table: `12`. */
  id: Scalars['ID']['output'];
  /** Tables this one can be joined with. */
  joinableWith: Array<Scalars['String']['output']>;
  minPartySize: Scalars['Int']['output'];
  zone: Scalars['String']['output'];
};

export type TableAvailability = {
  __typename?: 'TableAvailability';
  /** What a reservation without `tableId` would get; null when nothing fits. */
  bestFit?: Maybe<Array<Table>>;
  /** Free joined pairs that seat a party no single free table can. */
  combinations: Array<Array<Table>>;
  durationMinutes: Scalars['Int']['output'];
  endTime: Scalars['DateTime']['output'];
  /** When nothing fits: the nearest start times (same day, within opening hours) when something does. */
  nearestTimes: Array<Scalars['DateTime']['output']>;
  partySize: Scalars['Int']['output'];
  startTime: Scalars['DateTime']['output'];
  /** Free tables that seat the party alone, best fit first. */
  tables: Array<Table>;
};

/** A table as its manager sets it. */
export type TableInput = {
  capacity: Scalars['Int']['input'];
  /** The restaurant's own name for the table: `12`. */
  id: Scalars['ID']['input'];
  /** The tables it can be pushed against; default none. */
  joinableWith?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Default 1. */
  minPartySize?: InputMaybe<Scalars['Int']['input']>;
  zone: Scalars['String']['input'];
};

/** TheFork B2B API credentials (client credentials of TheFork's Auth0) and the restaurant there. */
export type TheForkCredentialsInput = {
  /** Another API base URL (TheFork's sandbox, a local fake); sandbox keys only. */
  apiUrl?: InputMaybe<Scalars['String']['input']>;
  /** Another token endpoint; sandbox keys only. */
  authUrl?: InputMaybe<Scalars['String']['input']>;
  clientId: Scalars['String']['input'];
  clientSecret: Scalars['String']['input'];
  restaurantUuid: Scalars['String']['input'];
};

export type UpdateReservationInput = {
  customerEmail?: InputMaybe<Scalars['String']['input']>;
  customerName: Scalars['String']['input'];
  customerPhone?: InputMaybe<Scalars['String']['input']>;
  durationMinutes?: InputMaybe<Scalars['Int']['input']>;
  notes?: InputMaybe<Scalars['String']['input']>;
  partySize: Scalars['Int']['input'];
  startTime: Scalars['DateTime']['input'];
  tableId?: InputMaybe<Scalars['String']['input']>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = {
  Order: Order;
  Reservation: Reservation;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Order:
    ( { __typename: 'Order' }
    & GraphQLRecursivePick<FederationTypes['Order'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Order'], {"tableId":true,"createdAt":true}> ) );
  Reservation:
    ( { __typename: 'Reservation' }
    & GraphQLRecursivePick<FederationTypes['Reservation'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  BookingChannel: BookingChannel;
  BookingChannelConnection: ResolverTypeWrapper<ChannelConnectionModel>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  CalendarFeed: ResolverTypeWrapper<CalendarFeed>;
  ChannelOutcome: ChannelOutcome;
  ChannelReceipt: ResolverTypeWrapper<ChannelReceiptModel>;
  CreateReservationInput: CreateReservationInput;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  CreateReservationPayload: ResolverTypeWrapper<CreateOutcomeModel>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DurationRule: ResolverTypeWrapper<DurationRule>;
  DurationRuleInput: DurationRuleInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  NewBookingChannelConnection: ResolverTypeWrapper<NewChannelConnectionModel>;
  NewCalendarFeed: ResolverTypeWrapper<NewCalendarFeed>;
  NotificationFormat: NotificationFormat;
  OpeningDay: ResolverTypeWrapper<OpeningDay>;
  OpeningDayInput: OpeningDayInput;
  Order: ResolverTypeWrapper<OrderAtTableModel>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Reservation: ResolverTypeWrapper<ReservationModel>;
  ReservationConnection: ResolverTypeWrapper<ReservationPageModel>;
  ReservationSource: ReservationSource;
  ReservationStatus: ReservationStatus;
  ServicePeriod: ResolverTypeWrapper<ServicePeriod>;
  ServicePeriodInput: ServicePeriodInput;
  ServiceSettings: ResolverTypeWrapper<FloorSettingsFieldsModel>;
  ServiceSettingsInput: ServiceSettingsInput;
  SetTablePayload: ResolverTypeWrapper<SetTableOutcomeModel>;
  Table: ResolverTypeWrapper<FloorTableModel>;
  TableAvailability: ResolverTypeWrapper<AvailabilityModel>;
  TableInput: TableInput;
  TheForkCredentialsInput: TheForkCredentialsInput;
  UpdateReservationInput: UpdateReservationInput;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  BookingChannelConnection: ChannelConnectionModel;
  String: Scalars['String']['output'];
  Boolean: Scalars['Boolean']['output'];
  ID: Scalars['ID']['output'];
  CalendarFeed: CalendarFeed;
  ChannelReceipt: ChannelReceiptModel;
  CreateReservationInput: CreateReservationInput;
  Int: Scalars['Int']['output'];
  CreateReservationPayload: CreateOutcomeModel;
  DateTime: Scalars['DateTime']['output'];
  DurationRule: DurationRule;
  DurationRuleInput: DurationRuleInput;
  Mutation: Record<PropertyKey, never>;
  NewBookingChannelConnection: NewChannelConnectionModel;
  NewCalendarFeed: NewCalendarFeed;
  OpeningDay: OpeningDay;
  OpeningDayInput: OpeningDayInput;
  Order: OrderAtTableModel;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  Reservation: ReservationModel;
  ReservationConnection: ReservationPageModel;
  ServicePeriod: ServicePeriod;
  ServicePeriodInput: ServicePeriodInput;
  ServiceSettings: FloorSettingsFieldsModel;
  ServiceSettingsInput: ServiceSettingsInput;
  SetTablePayload: SetTableOutcomeModel;
  Table: FloorTableModel;
  TableAvailability: AvailabilityModel;
  TableInput: TableInput;
  TheForkCredentialsInput: TheForkCredentialsInput;
  UpdateReservationInput: UpdateReservationInput;
};

export type BookingChannelConnectionResolvers<ContextType = ReservationsContext, ParentType extends ResolversParentTypes['BookingChannelConnection'] = ResolversParentTypes['BookingChannelConnection']> = {
  channel?: Resolver<ResolversTypes['BookingChannel'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  documentation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasCredentials?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  notificationFormat?: Resolver<ResolversTypes['NotificationFormat'], ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type CalendarFeedResolvers<ContextType = ReservationsContext, ParentType extends ResolversParentTypes['CalendarFeed'] = ResolversParentTypes['CalendarFeed']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type ChannelReceiptResolvers<ContextType = ReservationsContext, ParentType extends ResolversParentTypes['ChannelReceipt'] = ResolversParentTypes['ChannelReceipt']> = {
  outcome?: Resolver<ResolversTypes['ChannelOutcome'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reservation?: Resolver<Maybe<ResolversTypes['Reservation']>, ParentType, ContextType>;
  tableIds?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type CreateReservationPayloadResolvers<ContextType = ReservationsContext, ParentType extends ResolversParentTypes['CreateReservationPayload'] = ResolversParentTypes['CreateReservationPayload']> = {
  created?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  reservation?: Resolver<ResolversTypes['Reservation'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DurationRuleResolvers<ContextType = ReservationsContext, ParentType extends ResolversParentTypes['DurationRule'] = ResolversParentTypes['DurationRule']> = {
  minutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  upToPartySize?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type MutationResolvers<ContextType = ReservationsContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  changeReservationStatus?: Resolver<ResolversTypes['Reservation'], ParentType, ContextType, RequireFields<MutationChangeReservationStatusArgs, 'id' | 'status'>>;
  connectBookingChannel?: Resolver<ResolversTypes['NewBookingChannelConnection'], ParentType, ContextType, RequireFields<MutationConnectBookingChannelArgs, 'channel'>>;
  createCalendarFeed?: Resolver<ResolversTypes['NewCalendarFeed'], ParentType, ContextType>;
  createReservation?: Resolver<ResolversTypes['CreateReservationPayload'], ParentType, ContextType, RequireFields<MutationCreateReservationArgs, 'input'>>;
  disconnectBookingChannel?: Resolver<ResolversTypes['BookingChannelConnection'], ParentType, ContextType, RequireFields<MutationDisconnectBookingChannelArgs, 'id'>>;
  receiveChannelNotification?: Resolver<ResolversTypes['ChannelReceipt'], ParentType, ContextType, RequireFields<MutationReceiveChannelNotificationArgs, 'channel' | 'payload' | 'token'>>;
  removeTable?: Resolver<ResolversTypes['Table'], ParentType, ContextType, RequireFields<MutationRemoveTableArgs, 'id'>>;
  revokeCalendarFeed?: Resolver<ResolversTypes['CalendarFeed'], ParentType, ContextType, RequireFields<MutationRevokeCalendarFeedArgs, 'id'>>;
  setServiceSettings?: Resolver<ResolversTypes['ServiceSettings'], ParentType, ContextType, RequireFields<MutationSetServiceSettingsArgs, 'input'>>;
  setTable?: Resolver<ResolversTypes['SetTablePayload'], ParentType, ContextType, RequireFields<MutationSetTableArgs, 'input'>>;
  updateReservation?: Resolver<ResolversTypes['Reservation'], ParentType, ContextType, RequireFields<MutationUpdateReservationArgs, 'id' | 'input'>>;
};

export type NewBookingChannelConnectionResolvers<ContextType = ReservationsContext, ParentType extends ResolversParentTypes['NewBookingChannelConnection'] = ResolversParentTypes['NewBookingChannelConnection']> = {
  connection?: Resolver<ResolversTypes['BookingChannelConnection'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type NewCalendarFeedResolvers<ContextType = ReservationsContext, ParentType extends ResolversParentTypes['NewCalendarFeed'] = ResolversParentTypes['NewCalendarFeed']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type OpeningDayResolvers<ContextType = ReservationsContext, ParentType extends ResolversParentTypes['OpeningDay'] = ResolversParentTypes['OpeningDay']> = {
  services?: Resolver<Array<ResolversTypes['ServicePeriod']>, ParentType, ContextType>;
  weekday?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type OrderResolvers<ContextType = ReservationsContext, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order'], FederationReferenceType extends FederationReferenceTypes['Order'] = FederationReferenceTypes['Order']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Order']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  reservation?: Resolver<Maybe<ResolversTypes['Reservation']>, ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = ReservationsContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = ReservationsContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  bookingChannels?: Resolver<Array<ResolversTypes['BookingChannelConnection']>, ParentType, ContextType>;
  calendarFeed?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType, RequireFields<QueryCalendarFeedArgs, 'token'>>;
  calendarFeeds?: Resolver<Array<ResolversTypes['CalendarFeed']>, ParentType, ContextType>;
  reservation?: Resolver<Maybe<ResolversTypes['Reservation']>, ParentType, ContextType, RequireFields<QueryReservationArgs, 'id'>>;
  reservations?: Resolver<ResolversTypes['ReservationConnection'], ParentType, ContextType, RequireFields<QueryReservationsArgs, 'first'>>;
  serviceSettings?: Resolver<ResolversTypes['ServiceSettings'], ParentType, ContextType>;
  tableAvailability?: Resolver<ResolversTypes['TableAvailability'], ParentType, ContextType, RequireFields<QueryTableAvailabilityArgs, 'partySize' | 'startTime'>>;
  tables?: Resolver<Array<ResolversTypes['Table']>, ParentType, ContextType>;
};

export type ReservationResolvers<ContextType = ReservationsContext, ParentType extends ResolversParentTypes['Reservation'] = ResolversParentTypes['Reservation'], FederationReferenceType extends FederationReferenceTypes['Reservation'] = FederationReferenceTypes['Reservation']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Reservation']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  customerEmail?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  customerName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  customerPhone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  durationMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  endTime?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  externalId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  notes?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  partySize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['ReservationSource'], ParentType, ContextType>;
  startTime?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ReservationStatus'], ParentType, ContextType>;
  table?: Resolver<Maybe<ResolversTypes['Table']>, ParentType, ContextType>;
  tables?: Resolver<Array<ResolversTypes['Table']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ReservationConnectionResolvers<ContextType = ReservationsContext, ParentType extends ResolversParentTypes['ReservationConnection'] = ResolversParentTypes['ReservationConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['Reservation']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type ServicePeriodResolvers<ContextType = ReservationsContext, ParentType extends ResolversParentTypes['ServicePeriod'] = ResolversParentTypes['ServicePeriod']> = {
  closes?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  opens?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ServiceSettingsResolvers<ContextType = ReservationsContext, ParentType extends ResolversParentTypes['ServiceSettings'] = ResolversParentTypes['ServiceSettings']> = {
  durations?: Resolver<Array<ResolversTypes['DurationRule']>, ParentType, ContextType>;
  openingHours?: Resolver<Array<ResolversTypes['OpeningDay']>, ParentType, ContextType>;
  timeZone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SetTablePayloadResolvers<ContextType = ReservationsContext, ParentType extends ResolversParentTypes['SetTablePayload'] = ResolversParentTypes['SetTablePayload']> = {
  created?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  table?: Resolver<ResolversTypes['Table'], ParentType, ContextType>;
};

export type TableResolvers<ContextType = ReservationsContext, ParentType extends ResolversParentTypes['Table'] = ResolversParentTypes['Table']> = {
  capacity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  joinableWith?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  minPartySize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  zone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type TableAvailabilityResolvers<ContextType = ReservationsContext, ParentType extends ResolversParentTypes['TableAvailability'] = ResolversParentTypes['TableAvailability']> = {
  bestFit?: Resolver<Maybe<Array<ResolversTypes['Table']>>, ParentType, ContextType>;
  combinations?: Resolver<Array<Array<ResolversTypes['Table']>>, ParentType, ContextType>;
  durationMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  endTime?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  nearestTimes?: Resolver<Array<ResolversTypes['DateTime']>, ParentType, ContextType>;
  partySize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  startTime?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  tables?: Resolver<Array<ResolversTypes['Table']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = ReservationsContext> = {
  BookingChannelConnection?: BookingChannelConnectionResolvers<ContextType>;
  CalendarFeed?: CalendarFeedResolvers<ContextType>;
  ChannelReceipt?: ChannelReceiptResolvers<ContextType>;
  CreateReservationPayload?: CreateReservationPayloadResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DurationRule?: DurationRuleResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  NewBookingChannelConnection?: NewBookingChannelConnectionResolvers<ContextType>;
  NewCalendarFeed?: NewCalendarFeedResolvers<ContextType>;
  OpeningDay?: OpeningDayResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Reservation?: ReservationResolvers<ContextType>;
  ReservationConnection?: ReservationConnectionResolvers<ContextType>;
  ServicePeriod?: ServicePeriodResolvers<ContextType>;
  ServiceSettings?: ServiceSettingsResolvers<ContextType>;
  SetTablePayload?: SetTablePayloadResolvers<ContextType>;
  Table?: TableResolvers<ContextType>;
  TableAvailability?: TableAvailabilityResolvers<ContextType>;
};

