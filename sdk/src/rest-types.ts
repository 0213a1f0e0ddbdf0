/**
 * REST types. The lead wires here the types that `openapi-typescript` generates from
 * `schema/openapi.json` (the OpenAPI document): `paths` below becomes
 * `export type { paths } from './__generated__/rest-types';` and `RestPaths` narrows to it, so
 * that `client.rest.get('/orders/{order_id}')` knows its answer. Until then the REST helpers are
 * typed generically: the caller names the answer's type (`client.rest.get<Order>(…)`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type paths = Record<string, any>;

/** A REST path under `/api/v1`, such as `/orders` or `/orders/ord_…`. */
export type RestPath = `/${string}`;

/** Query string parameters; arrays repeat the parameter. */
export type QueryParams = Record<
  string,
  string | number | boolean | readonly (string | number)[] | undefined
>;
