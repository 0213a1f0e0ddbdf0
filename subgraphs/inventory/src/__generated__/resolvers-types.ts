import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { InventoryItem as InventoryItemModel } from '../entities/inventory-item.entity';
import type { StockMovement as StockMovementModel } from '../entities/stock-movement.entity';
import type { RecipeLine as RecipeLineModel } from '../entities/recipe-line.entity';
import type { InventoryItemPage as InventoryItemPageModel } from '../inventory.service';
import type { StockShortage as StockShortageModel, MenuItemReference as MenuItemReferenceModel } from '../stock-coverage';
import type { InventoryContext } from '../context';
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

export type CreateInventoryItemInput = {
  /** An alert is raised when the quantity falls to this level or below; zero by default. */
  lowStockThreshold?: InputMaybe<Scalars['Float']['input']>;
  name: Scalars['String']['input'];
  /** At most three decimals; zero by default. */
  quantity?: InputMaybe<Scalars['Float']['input']>;
  /** The restaurant's own code for the item, such as `beef_patty`; unique when given. */
  sku?: InputMaybe<Scalars['String']['input']>;
  /** unit, g, kg, ml or l. */
  unit: Scalars['String']['input'];
};

export type InventoryItem = {
  __typename?: 'InventoryItem';
  createdAt: Scalars['DateTime']['output'];
  /** `inv_…` */
  id: Scalars['ID']['output'];
  /** Whether the quantity is at or under the threshold. */
  lowStock: Scalars['Boolean']['output'];
  /** When the quantity last fell to the threshold or below; null while above it. */
  lowStockSince?: Maybe<Scalars['DateTime']['output']>;
  lowStockThreshold: Scalars['Float']['output'];
  /** The latest movements, newest first. */
  movements: Array<StockMovement>;
  name: Scalars['String']['output'];
  /** What is in stock now: the sum of the item's movements, never below zero. */
  quantity: Scalars['Float']['output'];
  sku?: Maybe<Scalars['String']['output']>;
  /** unit, g, kg, ml or l. */
  unit: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
};


export type InventoryItemMovementsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type InventoryItemConnection = {
  __typename?: 'InventoryItemConnection';
  nodes: Array<InventoryItem>;
  pageInfo: PageInfo;
};

export type MenuItem = {
  __typename?: 'MenuItem';
  /** Whether the restaurant offers the item, stock aside (from the menu). */
  active: Scalars['Boolean']['output'];
  /** Whether the item can be ordered now: offered, and stock covers one portion. */
  available: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  /**
   * Portions that stock covers now; null when no recipe ties the item to stock. (It does not
   * depend on `active`: requiring it lets the gateway read `portionsLeft` in the same inventory
   * fetch as `available`, after the menu's, instead of in a second one.)
   */
  portionsLeft?: Maybe<Scalars['Int']['output']>;
  /** What one portion takes from stock. */
  recipe: Array<RecipeLine>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Adds an item to the stock, with its opening quantity recorded as a receipt. */
  createInventoryItem: InventoryItem;
  /**
   * Records a movement: `RECEIPT` adds, `SALE`, `WASTE` and `TRANSFER` remove, `ADJUSTMENT`
   * corrects by a signed amount. A movement that would take stock below zero is refused with
   * INSUFFICIENT_STOCK.
   */
  recordStockMovement: StockMovement;
  /** Replaces the recipe of a menu item: what one portion takes from stock. An empty list removes it. */
  setRecipe: Array<RecipeLine>;
  /** Sets the stock to a counted quantity, recorded as an adjustment by the difference. */
  setStockLevel: StockMovement;
};


export type MutationCreateInventoryItemArgs = {
  input: CreateInventoryItemInput;
};


export type MutationRecordStockMovementArgs = {
  input: StockMovementInput;
};


export type MutationSetRecipeArgs = {
  ingredients: Array<RecipeLineInput>;
  menuItemId: Scalars['ID']['input'];
};


export type MutationSetStockLevelArgs = {
  itemId: Scalars['ID']['input'];
  quantity: Scalars['Float']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/**
 * The restaurant's stock: what it holds of each ingredient or product, the ledger of movements
 * that made it, the recipes that tie menu items to stock, and low-stock alerts.
 */
export type Query = {
  __typename?: 'Query';
  /** The items at or under their low-stock threshold, lowest first relative to it. */
  inventoryAlerts: Array<InventoryItem>;
  inventoryItem?: Maybe<InventoryItem>;
  /** Stock items, oldest first. */
  inventoryItems: InventoryItemConnection;
  /**
   * What stock cannot cover in a basket of menu items: one entry per stock item that falls short,
   * taking ingredients shared between lines together. Empty when everything can be served.
   */
  stockShortages: Array<StockShortage>;
};


/**
 * The restaurant's stock: what it holds of each ingredient or product, the ledger of movements
 * that made it, the recipes that tie menu items to stock, and low-stock alerts.
 */
export type QueryInventoryItemArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The restaurant's stock: what it holds of each ingredient or product, the ledger of movements
 * that made it, the recipes that tie menu items to stock, and low-stock alerts.
 */
export type QueryInventoryItemsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  lowStock?: InputMaybe<Scalars['Boolean']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
  unit?: InputMaybe<Scalars['String']['input']>;
};


/**
 * The restaurant's stock: what it holds of each ingredient or product, the ledger of movements
 * that made it, the recipes that tie menu items to stock, and low-stock alerts.
 */
export type QueryStockShortagesArgs = {
  lines: Array<StockDemandInput>;
};

export type RecipeLine = {
  __typename?: 'RecipeLine';
  item: InventoryItem;
  /** What one portion takes, in the item's unit. */
  quantity: Scalars['Float']['output'];
};

export type RecipeLineInput = {
  itemId: Scalars['ID']['input'];
  /** What one portion takes, in the item's unit. */
  quantity: Scalars['Float']['input'];
};

export type StockDemandInput = {
  /** The menu item's code, such as `burger_1`. */
  menuItemId: Scalars['ID']['input'];
  /** Portions wanted. */
  quantity: Scalars['Int']['input'];
};

export type StockMovement = {
  __typename?: 'StockMovement';
  createdAt: Scalars['DateTime']['output'];
  /** The API key that recorded it; null for movements made by the platform (orders). */
  createdByKeyId?: Maybe<Scalars['String']['output']>;
  /** The role of that key. */
  createdByRole?: Maybe<Scalars['String']['output']>;
  /** `mov_…` */
  id: Scalars['ID']['output'];
  item: InventoryItem;
  /** The order that caused it, for sales and their returns. */
  orderId?: Maybe<Scalars['ID']['output']>;
  /** The change of stock: positive in, negative out. */
  quantity: Scalars['Float']['output'];
  /** The stock after this movement. */
  quantityAfter: Scalars['Float']['output'];
  reason?: Maybe<Scalars['String']['output']>;
  type: StockMovementType;
};

export type StockMovementInput = {
  itemId: Scalars['ID']['input'];
  /** Positive, with at most three decimals; an ADJUSTMENT may be negative. */
  quantity: Scalars['Float']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
  type: StockMovementType;
};

export type StockMovementType =
  | 'ADJUSTMENT'
  | 'RECEIPT'
  | 'SALE'
  | 'TRANSFER'
  | 'WASTE';

export type StockShortage = {
  __typename?: 'StockShortage';
  available: Scalars['Float']['output'];
  item: InventoryItem;
  /** The menu items of the basket that use it. */
  menuItemIds: Array<Scalars['ID']['output']>;
  /** Needed by the basket, in the item's unit. */
  needed: Scalars['Float']['output'];
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
  InventoryItem: InventoryItem;
  MenuItem: MenuItem;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  InventoryItem:
    ( { __typename: 'InventoryItem' }
    & GraphQLRecursivePick<FederationTypes['InventoryItem'], {"id":true}> );
  MenuItem:
    ( { __typename: 'MenuItem' }
    & GraphQLRecursivePick<FederationTypes['MenuItem'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['MenuItem'], {"active":true}>
        | GraphQLRecursivePick<FederationTypes['MenuItem'], {"active":true}>
        | GraphQLRecursivePick<FederationTypes['MenuItem'], {"active":true}> ) );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  CreateInventoryItemInput: CreateInventoryItemInput;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  InventoryItem: ResolverTypeWrapper<InventoryItemModel>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  InventoryItemConnection: ResolverTypeWrapper<InventoryItemPageModel>;
  MenuItem: ResolverTypeWrapper<MenuItemReferenceModel>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RecipeLine: ResolverTypeWrapper<RecipeLineModel>;
  RecipeLineInput: RecipeLineInput;
  StockDemandInput: StockDemandInput;
  StockMovement: ResolverTypeWrapper<StockMovementModel>;
  StockMovementInput: StockMovementInput;
  StockMovementType: StockMovementType;
  StockShortage: ResolverTypeWrapper<StockShortageModel>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  CreateInventoryItemInput: CreateInventoryItemInput;
  Float: Scalars['Float']['output'];
  String: Scalars['String']['output'];
  DateTime: Scalars['DateTime']['output'];
  InventoryItem: InventoryItemModel;
  ID: Scalars['ID']['output'];
  Boolean: Scalars['Boolean']['output'];
  Int: Scalars['Int']['output'];
  InventoryItemConnection: InventoryItemPageModel;
  MenuItem: MenuItemReferenceModel;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  RecipeLine: RecipeLineModel;
  RecipeLineInput: RecipeLineInput;
  StockDemandInput: StockDemandInput;
  StockMovement: StockMovementModel;
  StockMovementInput: StockMovementInput;
  StockShortage: StockShortageModel;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type InventoryItemResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['InventoryItem'] = ResolversParentTypes['InventoryItem'], FederationReferenceType extends FederationReferenceTypes['InventoryItem'] = FederationReferenceTypes['InventoryItem']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['InventoryItem']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lowStock?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  lowStockSince?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lowStockThreshold?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  movements?: Resolver<Array<ResolversTypes['StockMovement']>, ParentType, ContextType, RequireFields<InventoryItemMovementsArgs, 'first'>>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  sku?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type InventoryItemConnectionResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['InventoryItemConnection'] = ResolversParentTypes['InventoryItemConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['InventoryItem']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type MenuItemResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['MenuItem'] = ResolversParentTypes['MenuItem'], FederationReferenceType extends FederationReferenceTypes['MenuItem'] = FederationReferenceTypes['MenuItem']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['MenuItem']> | FederationReferenceType, FederationReferenceType, ContextType>;
  available?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  portionsLeft?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  recipe?: Resolver<Array<ResolversTypes['RecipeLine']>, ParentType, ContextType>;
};

export type MutationResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  createInventoryItem?: Resolver<ResolversTypes['InventoryItem'], ParentType, ContextType, RequireFields<MutationCreateInventoryItemArgs, 'input'>>;
  recordStockMovement?: Resolver<ResolversTypes['StockMovement'], ParentType, ContextType, RequireFields<MutationRecordStockMovementArgs, 'input'>>;
  setRecipe?: Resolver<Array<ResolversTypes['RecipeLine']>, ParentType, ContextType, RequireFields<MutationSetRecipeArgs, 'ingredients' | 'menuItemId'>>;
  setStockLevel?: Resolver<ResolversTypes['StockMovement'], ParentType, ContextType, RequireFields<MutationSetStockLevelArgs, 'itemId' | 'quantity'>>;
};

export type PageInfoResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  inventoryAlerts?: Resolver<Array<ResolversTypes['InventoryItem']>, ParentType, ContextType>;
  inventoryItem?: Resolver<Maybe<ResolversTypes['InventoryItem']>, ParentType, ContextType, RequireFields<QueryInventoryItemArgs, 'id'>>;
  inventoryItems?: Resolver<ResolversTypes['InventoryItemConnection'], ParentType, ContextType, RequireFields<QueryInventoryItemsArgs, 'first'>>;
  stockShortages?: Resolver<Array<ResolversTypes['StockShortage']>, ParentType, ContextType, RequireFields<QueryStockShortagesArgs, 'lines'>>;
};

export type RecipeLineResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['RecipeLine'] = ResolversParentTypes['RecipeLine']> = {
  item?: Resolver<ResolversTypes['InventoryItem'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type StockMovementResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['StockMovement'] = ResolversParentTypes['StockMovement']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdByKeyId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdByRole?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  item?: Resolver<ResolversTypes['InventoryItem'], ParentType, ContextType>;
  orderId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  quantityAfter?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['StockMovementType'], ParentType, ContextType>;
};

export type StockShortageResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['StockShortage'] = ResolversParentTypes['StockShortage']> = {
  available?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  item?: Resolver<ResolversTypes['InventoryItem'], ParentType, ContextType>;
  menuItemIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  needed?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type Resolvers<ContextType = InventoryContext> = {
  DateTime?: GraphQLScalarType;
  InventoryItem?: InventoryItemResolvers<ContextType>;
  InventoryItemConnection?: InventoryItemConnectionResolvers<ContextType>;
  MenuItem?: MenuItemResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RecipeLine?: RecipeLineResolvers<ContextType>;
  StockMovement?: StockMovementResolvers<ContextType>;
  StockShortage?: StockShortageResolvers<ContextType>;
};

