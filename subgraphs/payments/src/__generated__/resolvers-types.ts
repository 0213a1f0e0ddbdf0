import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Payment as PaymentModel } from '../entities/payment.entity';
import type { Refund as RefundModel } from '../entities/refund.entity';
import type { MoneyValue as MoneyValueModel } from '../../../../platform/src/money';
import type { PaymentMethodState as PaymentMethodStateModel } from '../payments.service';
import type { TerminalProviderState as TerminalProviderStateModel } from '../provider-accounts';
import type { PaymentMethodsModel as PaymentMethodsModelModel } from '../resolvers/payment-methods';
import type { OrderReference as OrderReferenceModel } from '../resolvers/order-payments';
import type { PaymentsContext } from '../context';
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

export type CreatePaymentInput = {
  /** What is paid of the bill, in cents; by default what the order still owes. */
  amountCents?: InputMaybe<Scalars['Int']['input']>;
  method: PaymentMethod;
  orderId: Scalars['ID']['input'];
  /** The card terminal; in the sandbox `sim_ok`, `sim_decline` or `sim_timeout`. */
  terminalId?: InputMaybe<Scalars['String']['input']>;
  /** Charged on top of the amount; not part of the bill. */
  tipCents?: InputMaybe<Scalars['Int']['input']>;
};

export type Money = {
  __typename?: 'Money';
  amount: Scalars['Float']['output'];
  cents: Scalars['Int']['output'];
  currency: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Stores the restaurant's credentials for a card terminal provider in this environment, encrypted;
   * they are never returned. The provider most recently configured takes the card payments.
   */
  configureTerminalProvider: TerminalProviderState;
  /**
   * Pays all or part of an order. The amount defaults to what the order still owes; more than that
   * is refused with AMOUNT_EXCEEDS_DUE. Cash and meal vouchers complete at once; a card payment
   * starts PENDING and a terminal takes it to COMPLETED or FAILED in the background.
   */
  createPayment: Payment;
  /**
   * Refunds all or part of a completed payment, never more than was captured and not yet refunded
   * (REFUND_EXCEEDS_CAPTURED); a payment that did not complete is PAYMENT_NOT_REFUNDABLE.
   */
  refundPayment: Refund;
};


export type MutationConfigureTerminalProviderArgs = {
  credentials: Array<ProviderCredentialInput>;
  provider: Scalars['String']['input'];
};


export type MutationCreatePaymentArgs = {
  input: CreatePaymentInput;
};


export type MutationRefundPaymentArgs = {
  amountCents?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
};

export type Order = {
  __typename?: 'Order';
  /** What the order still owes: its total less completed and running payments, plus refunds. */
  amountDue: Money;
  id: Scalars['ID']['output'];
  /** The order's payments, oldest first, whatever their status. */
  payments: Array<Payment>;
  total: Money;
};

export type Payment = {
  __typename?: 'Payment';
  /** What is paid of the bill. */
  amount: Money;
  completedAt?: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  currency: Scalars['String']['output'];
  /** Why a payment failed: `declined`, `terminal_timeout`, or the provider's reason. */
  failureReason?: Maybe<Scalars['String']['output']>;
  /** `pay_…` */
  id: Scalars['ID']['output'];
  method: PaymentMethod;
  order: Order;
  orderId: Scalars['ID']['output'];
  /** The terminal provider that took a card payment (`simulator` in the sandbox); null otherwise. */
  provider?: Maybe<Scalars['String']['output']>;
  /** The provider's reference of the charge. */
  providerReference?: Maybe<Scalars['String']['output']>;
  /** What may still be refunded: the captured amount and tip, less the refunds. */
  refundable: Money;
  /** What was refunded so far. */
  refunded: Money;
  refunds: Array<Refund>;
  status: PaymentStatus;
  terminalId?: Maybe<Scalars['String']['output']>;
  tip: Money;
  updatedAt: Scalars['DateTime']['output'];
};

export type PaymentMethod =
  | 'CARD'
  | 'CASH'
  | 'MEAL_VOUCHER';

export type PaymentMethodState = {
  __typename?: 'PaymentMethodState';
  /** Whether a payment with this method can be taken now in this environment. */
  available: Scalars['Boolean']['output'];
  /** For meal vouchers: the most one payment may take. */
  cap?: Maybe<Money>;
  method: PaymentMethod;
  /** The provider card payments go to (`simulator` in the sandbox); null for other methods. */
  provider?: Maybe<Scalars['String']['output']>;
  /** Why the method is unavailable. */
  reason?: Maybe<Scalars['String']['output']>;
};

export type PaymentMethods = {
  __typename?: 'PaymentMethods';
  methods: Array<PaymentMethodState>;
  /** The five card terminal providers, in every environment, with what is configured. */
  providers: Array<TerminalProviderState>;
};

export type PaymentStatus =
  | 'COMPLETED'
  | 'FAILED'
  | 'PENDING'
  | 'PROCESSING';

export type ProviderCredentialInput = {
  name: Scalars['String']['input'];
  value: Scalars['String']['input'];
};

/**
 * Payments of orders: card payments on a terminal, cash and meal vouchers (titres-restaurant),
 * split bills, tips and refunds.
 */
export type Query = {
  __typename?: 'Query';
  payment?: Maybe<Payment>;
  /** The methods the restaurant can take, and its card terminal providers with their state. */
  paymentMethods: PaymentMethods;
};


/**
 * Payments of orders: card payments on a terminal, cash and meal vouchers (titres-restaurant),
 * split bills, tips and refunds.
 */
export type QueryPaymentArgs = {
  id: Scalars['ID']['input'];
};

export type Refund = {
  __typename?: 'Refund';
  amount: Money;
  createdAt: Scalars['DateTime']['output'];
  /** `ref_…` */
  id: Scalars['ID']['output'];
  payment: Payment;
  paymentId: Scalars['ID']['output'];
  reason?: Maybe<Scalars['String']['output']>;
  status: Scalars['String']['output'];
};

export type TerminalProviderState = {
  __typename?: 'TerminalProviderState';
  /** Whether the restaurant stored credentials for it in this environment. */
  configured: Scalars['Boolean']['output'];
  configuredAt?: Maybe<Scalars['DateTime']['output']>;
  /** The provider's documentation its adapter follows. */
  documentation?: Maybe<Scalars['String']['output']>;
  provider: Scalars['String']['output'];
  /** Whether its adapter is finished; see `reason` when not. */
  ready: Scalars['Boolean']['output'];
  reason?: Maybe<Scalars['String']['output']>;
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
  Payment: Payment;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Order:
    ( { __typename: 'Order' }
    & GraphQLRecursivePick<FederationTypes['Order'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Order'], {"total":{"cents":true,"currency":true}}> ) );
  Payment:
    ( { __typename: 'Payment' }
    & GraphQLRecursivePick<FederationTypes['Payment'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  CreatePaymentInput: CreatePaymentInput;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Money: ResolverTypeWrapper<MoneyValueModel>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Order: ResolverTypeWrapper<OrderReferenceModel>;
  Payment: ResolverTypeWrapper<PaymentModel>;
  PaymentMethod: PaymentMethod;
  PaymentMethodState: ResolverTypeWrapper<PaymentMethodStateModel>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  PaymentMethods: ResolverTypeWrapper<PaymentMethodsModelModel>;
  PaymentStatus: PaymentStatus;
  ProviderCredentialInput: ProviderCredentialInput;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Refund: ResolverTypeWrapper<RefundModel>;
  TerminalProviderState: ResolverTypeWrapper<TerminalProviderStateModel>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  CreatePaymentInput: CreatePaymentInput;
  Int: Scalars['Int']['output'];
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  DateTime: Scalars['DateTime']['output'];
  Money: MoneyValueModel;
  Float: Scalars['Float']['output'];
  Mutation: Record<PropertyKey, never>;
  Order: OrderReferenceModel;
  Payment: PaymentModel;
  PaymentMethodState: PaymentMethodStateModel;
  Boolean: Scalars['Boolean']['output'];
  PaymentMethods: PaymentMethodsModelModel;
  ProviderCredentialInput: ProviderCredentialInput;
  Query: Record<PropertyKey, never>;
  Refund: RefundModel;
  TerminalProviderState: TerminalProviderStateModel;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type MoneyResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = {
  amount?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  cents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  configureTerminalProvider?: Resolver<ResolversTypes['TerminalProviderState'], ParentType, ContextType, RequireFields<MutationConfigureTerminalProviderArgs, 'credentials' | 'provider'>>;
  createPayment?: Resolver<ResolversTypes['Payment'], ParentType, ContextType, RequireFields<MutationCreatePaymentArgs, 'input'>>;
  refundPayment?: Resolver<ResolversTypes['Refund'], ParentType, ContextType, RequireFields<MutationRefundPaymentArgs, 'id'>>;
};

export type OrderResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order'], FederationReferenceType extends FederationReferenceTypes['Order'] = FederationReferenceTypes['Order']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Order']> | FederationReferenceType, FederationReferenceType, ContextType>;
  amountDue?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  payments?: Resolver<Array<ResolversTypes['Payment']>, ParentType, ContextType>;
};

export type PaymentResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['Payment'] = ResolversParentTypes['Payment'], FederationReferenceType extends FederationReferenceTypes['Payment'] = FederationReferenceTypes['Payment']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Payment']> | FederationReferenceType, FederationReferenceType, ContextType>;
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  completedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  failureReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  method?: Resolver<ResolversTypes['PaymentMethod'], ParentType, ContextType>;
  order?: Resolver<ResolversTypes['Order'], ParentType, ContextType>;
  orderId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  provider?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  providerReference?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  refundable?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  refunded?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  refunds?: Resolver<Array<ResolversTypes['Refund']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PaymentStatus'], ParentType, ContextType>;
  terminalId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tip?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type PaymentMethodStateResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['PaymentMethodState'] = ResolversParentTypes['PaymentMethodState']> = {
  available?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  cap?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  method?: Resolver<ResolversTypes['PaymentMethod'], ParentType, ContextType>;
  provider?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type PaymentMethodsResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['PaymentMethods'] = ResolversParentTypes['PaymentMethods']> = {
  methods?: Resolver<Array<ResolversTypes['PaymentMethodState']>, ParentType, ContextType>;
  providers?: Resolver<Array<ResolversTypes['TerminalProviderState']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType, RequireFields<QueryPaymentArgs, 'id'>>;
  paymentMethods?: Resolver<ResolversTypes['PaymentMethods'], ParentType, ContextType>;
};

export type RefundResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['Refund'] = ResolversParentTypes['Refund']> = {
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  payment?: Resolver<ResolversTypes['Payment'], ParentType, ContextType>;
  paymentId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type TerminalProviderStateResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['TerminalProviderState'] = ResolversParentTypes['TerminalProviderState']> = {
  configured?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  configuredAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  documentation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  provider?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ready?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = PaymentsContext> = {
  DateTime?: GraphQLScalarType;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  Payment?: PaymentResolvers<ContextType>;
  PaymentMethodState?: PaymentMethodStateResolvers<ContextType>;
  PaymentMethods?: PaymentMethodsResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Refund?: RefundResolvers<ContextType>;
  TerminalProviderState?: TerminalProviderStateResolvers<ContextType>;
};

