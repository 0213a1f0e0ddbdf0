import type { Caller } from '../../../platform/src/tenancy/tenant';
import type { AccessTokenService } from './access-token.service';
import type { IdentityService } from './identity.service';

export interface IdentityContext {
  caller: Caller | null;
  identity: IdentityService;
  tokens: AccessTokenService;
}
