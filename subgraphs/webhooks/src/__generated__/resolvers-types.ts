import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { WebhookEndpoint as WebhookEndpointModel } from '../entities/webhook-endpoint.entity';
import type { WebhookDelivery as WebhookDeliveryModel } from '../entities/webhook-delivery.entity';
import type { WebhookAttempt as WebhookAttemptModel } from '../entities/webhook-attempt.entity';
import type { CreatedWebhook as CreatedWebhookModel } from '../webhooks.service';
import type { WebhooksContext } from '../context';
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

export type CreateWebhookInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  /** Event types such as `order.created`, or `*` for every event. */
  events: Array<Scalars['String']['input']>;
  /** A `whsec_<base64>` secret, or any other string used as its UTF-8 bytes. */
  secret?: InputMaybe<Scalars['String']['input']>;
  /** An http(s) URL; in production it may not resolve to a private address. */
  targetUrl: Scalars['String']['input'];
};

export type CreatedWebhook = {
  __typename?: 'CreatedWebhook';
  /** The secret, only when the platform generated it: it is never shown again. */
  secret?: Maybe<Scalars['String']['output']>;
  webhook: Webhook;
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Registers an endpoint for some events (`order.created`…) or every event (`*`). Without a
   * `secret`, one is generated (`whsec_…`) and returned once in `secret`.
   */
  createWebhook: CreatedWebhook;
  /** Deletes an endpoint and its delivery log; nothing more is sent to it. */
  deleteWebhook: Webhook;
  /** Turns a disabled endpoint back on; deliveries left pending are sent again. */
  enableWebhook: Webhook;
  /** Sends an event to the endpoint again, with the same `webhook-id`, as soon as possible. */
  redeliverWebhook: WebhookDelivery;
  /**
   * Gives the endpoint a new secret (generated unless given, and then returned once). The old
   * secret keeps signing beside the new one for `overlapSeconds` (default a day, 0 to stop now).
   */
  rotateWebhookSecret: CreatedWebhook;
  /** The simulator: queues a sample event of the given type for this endpoint. */
  sendTestWebhook: WebhookDelivery;
};


export type MutationCreateWebhookArgs = {
  input: CreateWebhookInput;
};


export type MutationDeleteWebhookArgs = {
  id: Scalars['ID']['input'];
};


export type MutationEnableWebhookArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRedeliverWebhookArgs = {
  eventId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
};


export type MutationRotateWebhookSecretArgs = {
  id: Scalars['ID']['input'];
  overlapSeconds?: InputMaybe<Scalars['Int']['input']>;
  secret?: InputMaybe<Scalars['String']['input']>;
};


export type MutationSendTestWebhookArgs = {
  event: Scalars['String']['input'];
  id: Scalars['ID']['input'];
};

/**
 * Signed webhooks: endpoints that receive the restaurant's events (Standard Webhooks signatures),
 * their secrets, and the log of every delivery and attempt.
 */
export type Query = {
  __typename?: 'Query';
  webhook?: Maybe<Webhook>;
  /** The restaurant's webhook endpoints in this environment, oldest first. */
  webhooks: Array<Webhook>;
};


/**
 * Signed webhooks: endpoints that receive the restaurant's events (Standard Webhooks signatures),
 * their secrets, and the log of every delivery and attempt.
 */
export type QueryWebhookArgs = {
  id: Scalars['ID']['input'];
};

export type Webhook = {
  __typename?: 'Webhook';
  createdAt: Scalars['DateTime']['output'];
  /** The latest deliveries first. */
  deliveries: Array<WebhookDelivery>;
  description?: Maybe<Scalars['String']['output']>;
  disabledAt?: Maybe<Scalars['DateTime']['output']>;
  /** Why the platform disabled the endpoint (410 Gone, failing for days). */
  disabledReason?: Maybe<Scalars['String']['output']>;
  /** The subscribed event types, or `["*"]`. */
  events: Array<Scalars['String']['output']>;
  /** Since when every attempt has failed; null once one succeeds. */
  failingSince?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  /** Until when the previous secret still signs, after a rotation. */
  previousSecretExpiresAt?: Maybe<Scalars['DateTime']['output']>;
  status: WebhookStatus;
  targetUrl: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
};


export type WebhookDeliveriesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type WebhookAttempt = {
  __typename?: 'WebhookAttempt';
  at: Scalars['DateTime']['output'];
  /** What went wrong, when nothing or not a 2xx came back. */
  error?: Maybe<Scalars['String']['output']>;
  /** How long the endpoint took to answer, in milliseconds. */
  latencyMs: Scalars['Int']['output'];
  number: Scalars['Int']['output'];
  /** The endpoint's HTTP status, null when no answer came. */
  statusCode?: Maybe<Scalars['Int']['output']>;
  succeeded: Scalars['Boolean']['output'];
};

export type WebhookDelivery = {
  __typename?: 'WebhookDelivery';
  attemptCount: Scalars['Int']['output'];
  attempts: Array<WebhookAttempt>;
  createdAt: Scalars['DateTime']['output'];
  deliveredAt?: Maybe<Scalars['DateTime']['output']>;
  /** The event's id: the `webhook-id` header, the same on every attempt. */
  eventId: Scalars['ID']['output'];
  eventType: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  nextAttemptAt?: Maybe<Scalars['DateTime']['output']>;
  status: WebhookDeliveryStatus;
  /** Whether it was sent by the simulator. */
  test: Scalars['Boolean']['output'];
};

export type WebhookDeliveryStatus =
  /** Out of retries. */
  | 'FAILED'
  /** Waiting for its next attempt (or for the endpoint's rate limit, or for an earlier event). */
  | 'PENDING'
  | 'SUCCEEDED';

export type WebhookStatus =
  | 'DISABLED'
  | 'ENABLED';



export type ResolverTypeWrapper<T> = Promise<T> | T;


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





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  CreateWebhookInput: CreateWebhookInput;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  CreatedWebhook: ResolverTypeWrapper<CreatedWebhookModel>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Webhook: ResolverTypeWrapper<WebhookEndpointModel>;
  WebhookAttempt: ResolverTypeWrapper<WebhookAttemptModel>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  WebhookDelivery: ResolverTypeWrapper<WebhookDeliveryModel>;
  WebhookDeliveryStatus: WebhookDeliveryStatus;
  WebhookStatus: WebhookStatus;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  CreateWebhookInput: CreateWebhookInput;
  String: Scalars['String']['output'];
  CreatedWebhook: CreatedWebhookModel;
  DateTime: Scalars['DateTime']['output'];
  Mutation: Record<PropertyKey, never>;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  Query: Record<PropertyKey, never>;
  Webhook: WebhookEndpointModel;
  WebhookAttempt: WebhookAttemptModel;
  Boolean: Scalars['Boolean']['output'];
  WebhookDelivery: WebhookDeliveryModel;
};

export type CreatedWebhookResolvers<ContextType = WebhooksContext, ParentType extends ResolversParentTypes['CreatedWebhook'] = ResolversParentTypes['CreatedWebhook']> = {
  secret?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  webhook?: Resolver<ResolversTypes['Webhook'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type MutationResolvers<ContextType = WebhooksContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  createWebhook?: Resolver<ResolversTypes['CreatedWebhook'], ParentType, ContextType, RequireFields<MutationCreateWebhookArgs, 'input'>>;
  deleteWebhook?: Resolver<ResolversTypes['Webhook'], ParentType, ContextType, RequireFields<MutationDeleteWebhookArgs, 'id'>>;
  enableWebhook?: Resolver<ResolversTypes['Webhook'], ParentType, ContextType, RequireFields<MutationEnableWebhookArgs, 'id'>>;
  redeliverWebhook?: Resolver<ResolversTypes['WebhookDelivery'], ParentType, ContextType, RequireFields<MutationRedeliverWebhookArgs, 'eventId' | 'id'>>;
  rotateWebhookSecret?: Resolver<ResolversTypes['CreatedWebhook'], ParentType, ContextType, RequireFields<MutationRotateWebhookSecretArgs, 'id'>>;
  sendTestWebhook?: Resolver<ResolversTypes['WebhookDelivery'], ParentType, ContextType, RequireFields<MutationSendTestWebhookArgs, 'event' | 'id'>>;
};

export type QueryResolvers<ContextType = WebhooksContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  webhook?: Resolver<Maybe<ResolversTypes['Webhook']>, ParentType, ContextType, RequireFields<QueryWebhookArgs, 'id'>>;
  webhooks?: Resolver<Array<ResolversTypes['Webhook']>, ParentType, ContextType>;
};

export type WebhookResolvers<ContextType = WebhooksContext, ParentType extends ResolversParentTypes['Webhook'] = ResolversParentTypes['Webhook']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deliveries?: Resolver<Array<ResolversTypes['WebhookDelivery']>, ParentType, ContextType, RequireFields<WebhookDeliveriesArgs, 'first'>>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  disabledAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  disabledReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  events?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  failingSince?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  previousSecretExpiresAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['WebhookStatus'], ParentType, ContextType>;
  targetUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type WebhookAttemptResolvers<ContextType = WebhooksContext, ParentType extends ResolversParentTypes['WebhookAttempt'] = ResolversParentTypes['WebhookAttempt']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  latencyMs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  statusCode?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  succeeded?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type WebhookDeliveryResolvers<ContextType = WebhooksContext, ParentType extends ResolversParentTypes['WebhookDelivery'] = ResolversParentTypes['WebhookDelivery']> = {
  attemptCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  attempts?: Resolver<Array<ResolversTypes['WebhookAttempt']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deliveredAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  eventId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  eventType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  nextAttemptAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['WebhookDeliveryStatus'], ParentType, ContextType>;
  test?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type Resolvers<ContextType = WebhooksContext> = {
  CreatedWebhook?: CreatedWebhookResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Webhook?: WebhookResolvers<ContextType>;
  WebhookAttempt?: WebhookAttemptResolvers<ContextType>;
  WebhookDelivery?: WebhookDeliveryResolvers<ContextType>;
};

