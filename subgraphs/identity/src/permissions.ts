import {
  allow,
  isAuthenticated,
  type SubgraphPermissions,
} from '../../../platform/src/graphql/shield';

/** Who may call what in schema/identity.graphql. A root field without a rule is denied. */
export const identityPermissions: SubgraphPermissions = {
  Query: {
    viewer: isAuthenticated,
  },
  Mutation: {
    // The exchange itself checks the API key; anyone may try, within the gateway's rate limit.
    issueAccessToken: allow,
  },
};
