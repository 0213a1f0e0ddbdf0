/**
 * The subgraphs of the supergraph, with the URL each has in the docker-compose deployment.
 * A running gateway replaces these URLs with the ones it is given.
 */
export const SUBGRAPHS = [
  { name: 'identity', url: 'http://identity:4001/graphql' },
  { name: 'menu', url: 'http://menu:4002/graphql' },
  { name: 'orders', url: 'http://orders:4003/graphql' },
  { name: 'reservations', url: 'http://reservations:4005/graphql' },
  { name: 'inventory', url: 'http://inventory:4004/graphql' },
  { name: 'webhooks', url: 'http://webhooks:4007/graphql' },
  { name: 'payments', url: 'http://payments:4006/graphql' },
] as const;

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];
