import type { RequestScoped } from '../../../platform/src/graphql/request-context';
import type { Caller } from '../../../platform/src/tenancy/tenant';
import type { AccessTokenService } from './access-token.service';
import type { IdentityService } from './identity.service';

export interface IdentityContext extends RequestScoped {
  caller: Caller | null;
  identity: IdentityService;
  tokens: AccessTokenService;
}
