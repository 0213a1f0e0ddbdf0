export { SottoClient, type SottoClientOptions } from './sotto-client';
export { SottoApiError, type ErrorEnvelope } from './errors';
export type { RetryOptions } from './retry-policy';
export type { RestAnswer, RestCallOptions, RestClient } from './rest-client';
export type {
  components,
  operations,
  paths,
  QueryParams,
  RestPath,
  RestSchemas,
} from './rest-types';
export type { EventMeta, LiveSubscription, SubscribeOptions } from './live-subscriptions';
export type { GraphQLCallOptions } from './graphql-client';
export * from './__generated__/operations';
