import { DomainError } from '../../../../platform/src/errors';
import type { Environment, Resolvers } from '../__generated__/resolvers-types';

export const resolvers: Resolvers = {
  Query: {
    viewer: async (_root, _args, { caller, identity }) => {
      if (!caller) throw new DomainError('UNAUTHENTICATED', 'Authentication required');
      const restaurant = await identity.findRestaurant(caller.restaurantId);
      return {
        restaurantId: restaurant.id,
        restaurantName: restaurant.name,
        environment: caller.environment.toUpperCase() as Environment,
        keyId: caller.keyId,
        role: caller.role,
      };
    },
  },
  Mutation: {
    issueAccessToken: (_root, { apiKey }, { tokens }) => tokens.issue(apiKey),
  },
};
