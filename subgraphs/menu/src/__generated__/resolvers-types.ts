import type { GraphQLResolveInfo } from 'graphql';
import type { MenuItem as MenuItemModel, PricedModifier as PricedModifierModel } from '../entities/menu-item.entity';
import type { MoneyValue as MoneyValueModel } from '../../../../platform/src/money';
import type { MenuContext } from '../context';
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
  _FieldSet: { input: unknown; output: unknown; }
};

export type MenuItem = {
  __typename?: 'MenuItem';
  /** Whether the restaurant offers the item, stock aside. */
  active: Scalars['Boolean']['output'];
  /** Whether the item can be ordered now. */
  available: Scalars['Boolean']['output'];
  category: Scalars['String']['output'];
  description: Scalars['String']['output'];
  /** The restaurant's own code for the item, such as `burger_1`. */
  id: Scalars['ID']['output'];
  /** The modifiers an order may ask for on this item. */
  modifiers: Array<MenuModifier>;
  name: Scalars['String']['output'];
  /** Unit price before tax. */
  price: Money;
  /** Kitchen station that prepares it: grill, fryer, cold, pastry or bar. */
  station: Scalars['String']['output'];
  /** VAT rate as a fraction: 0.1 is 10 %. */
  taxRate: Scalars['Float']['output'];
  /** VAT rate in basis points: 1000 is 10 %. */
  taxRateBasisPoints: Scalars['Int']['output'];
};

export type MenuModifier = {
  __typename?: 'MenuModifier';
  /** Code sent in an order item's `modifiers`, such as `no_onions`. */
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** Added to the item's unit price (zero for most modifiers). */
  price: Money;
};

export type Money = {
  __typename?: 'Money';
  /** Decimal amount in the currency's major unit, such as 12.5. */
  amount: Scalars['Float']['output'];
  /** Integer minor units, such as 1250. */
  cents: Scalars['Int']['output'];
  /** ISO 4217 code, such as EUR. */
  currency: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Test data: adds the demo brasserie menu's items that this menu lacks and answers how many
   * were added. For sandbox and staging keys only; production keys are refused.
   */
  loadSampleMenu: Scalars['Int']['output'];
};

/**
 * The restaurant's menu: what can be ordered, at what price before tax, with which VAT rate,
 * which modifiers and which kitchen station prepares it.
 */
export type Query = {
  __typename?: 'Query';
  /** One item by the restaurant's own code, such as `burger_1`. */
  menuItem?: Maybe<MenuItem>;
  /** The menu, by category then name. `ids` narrows it to those items; unknown ids are left out. */
  menuItems: Array<MenuItem>;
};


/**
 * The restaurant's menu: what can be ordered, at what price before tax, with which VAT rate,
 * which modifiers and which kitchen station prepares it.
 */
export type QueryMenuItemArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The restaurant's menu: what can be ordered, at what price before tax, with which VAT rate,
 * which modifiers and which kitchen station prepares it.
 */
export type QueryMenuItemsArgs = {
  category?: InputMaybe<Scalars['String']['input']>;
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
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
  MenuItem: MenuItem;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  MenuItem:
    ( { __typename: 'MenuItem' }
    & GraphQLRecursivePick<FederationTypes['MenuItem'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  MenuItem: ResolverTypeWrapper<MenuItemModel>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  MenuModifier: ResolverTypeWrapper<PricedModifierModel>;
  Money: ResolverTypeWrapper<MoneyValueModel>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  MenuItem: MenuItemModel;
  Boolean: Scalars['Boolean']['output'];
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  Float: Scalars['Float']['output'];
  Int: Scalars['Int']['output'];
  MenuModifier: PricedModifierModel;
  Money: MoneyValueModel;
  Mutation: Record<PropertyKey, never>;
  Query: Record<PropertyKey, never>;
};

export type MenuItemResolvers<ContextType = MenuContext, ParentType extends ResolversParentTypes['MenuItem'] = ResolversParentTypes['MenuItem'], FederationReferenceType extends FederationReferenceTypes['MenuItem'] = FederationReferenceTypes['MenuItem']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['MenuItem']> | FederationReferenceType, FederationReferenceType, ContextType>;
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  available?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  category?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  modifiers?: Resolver<Array<ResolversTypes['MenuModifier']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  station?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  taxRate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  taxRateBasisPoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MenuModifierResolvers<ContextType = MenuContext, ParentType extends ResolversParentTypes['MenuModifier'] = ResolversParentTypes['MenuModifier']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type MoneyResolvers<ContextType = MenuContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = {
  amount?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  cents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = MenuContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  loadSampleMenu?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = MenuContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  menuItem?: Resolver<Maybe<ResolversTypes['MenuItem']>, ParentType, ContextType, RequireFields<QueryMenuItemArgs, 'id'>>;
  menuItems?: Resolver<Array<ResolversTypes['MenuItem']>, ParentType, ContextType, Partial<QueryMenuItemsArgs>>;
};

export type Resolvers<ContextType = MenuContext> = {
  MenuItem?: MenuItemResolvers<ContextType>;
  MenuModifier?: MenuModifierResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
};

