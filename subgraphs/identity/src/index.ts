import type { MikroORM } from '@mikro-orm/postgresql';
import type { SubgraphDefinition } from '../../../platform/src/graphql/subgraph-server';
import type { Logger } from '../../../platform/src/logger';
import type { IdentityContext } from './context';
import { ApiKeySchema } from './entities/api-key.entity';
import { RestaurantSchema } from './entities/restaurant.entity';
import { SigningKeySchema } from './entities/signing-key.entity';
import { AccessTokenService } from './access-token.service';
import { IdentityService } from './identity.service';
import { identityMigrations } from './migrations';
import { identityPermissions } from './permissions';
import { resolvers } from './resolvers';
import type { TokenSigner } from './token-signer';

export const IDENTITY_SCHEMA = 'identity';
export const identityEntities = [RestaurantSchema, ApiKeySchema, SigningKeySchema];
export { identityMigrations, IdentityService };
export { TokenSigner } from './token-signer';
export { SigningKeyStore } from './signing-keys';

/** The internal path where the gateway reads the keys that verify access tokens. */
export const JWKS_PATH = '/jwks';

export function identitySubgraph(deps: {
  orm: MikroORM;
  signer: TokenSigner;
  tokenTtlSeconds: number;
  internalSecret: string;
  logger: Logger;
}): SubgraphDefinition<IdentityContext> {
  return {
    name: 'identity',
    resolvers,
    permissions: identityPermissions,
    orm: deps.orm,
    internalSecret: deps.internalSecret,
    logger: deps.logger,
    context: (caller, requestId) => {
      const identity = new IdentityService(deps.orm.em.fork());
      return {
        caller,
        requestId,
        identity,
        tokens: new AccessTokenService(identity, deps.signer, deps.tokenTtlSeconds),
      };
    },
    routes: (app) => {
      app.get(JWKS_PATH, async () => deps.signer.jwks());
    },
  };
}
