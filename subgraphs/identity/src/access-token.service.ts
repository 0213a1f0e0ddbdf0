import { DomainError } from '../../../platform/src/errors';
import type { IdentityService } from './identity.service';
import type { TokenSigner } from './token-signer';

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** The exchange of an API key for a short-lived access token. */
export class AccessTokenService {
  constructor(
    private readonly identity: IdentityService,
    private readonly signer: TokenSigner,
    private readonly ttlSeconds: number,
  ) {}

  async issue(secret: string): Promise<IssuedToken> {
    const key = secret ? await this.identity.findApiKeyBySecret(secret) : null;
    if (!key || !key.isActive()) {
      throw new DomainError('INVALID_API_KEY', 'The API key is unknown or has been revoked');
    }
    await this.identity.markUsed(key);
    const accessToken = await this.signer.sign(
      {
        restaurantId: key.restaurantId,
        environment: key.environment,
        keyId: key.id,
        role: key.role,
        scopes: key.scopes,
        limits: key.limits(),
      },
      this.ttlSeconds,
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: this.ttlSeconds };
  }
}
