import { EntitySchema } from '@mikro-orm/postgresql';

/** A key pair that signs access tokens; the newest unretired one signs, all unretired verify. */
export class SigningKey {
  readonly createdAt = new Date();
  retiredAt: Date | null = null;

  constructor(
    readonly kid: string,
    readonly algorithm: string,
    readonly privateJwk: Record<string, unknown>,
    readonly publicJwk: Record<string, unknown>,
  ) {}
}

export const SigningKeySchema = new EntitySchema<SigningKey>({
  class: SigningKey,
  tableName: 'signing_keys',
  properties: {
    kid: { type: 'string', columnType: 'text', primary: true },
    algorithm: { type: 'string', columnType: 'text' },
    privateJwk: { type: 'json', lazy: true },
    publicJwk: { type: 'json' },
    createdAt: { type: 'Date' },
    retiredAt: { type: 'Date', nullable: true },
  },
});
