import type { EntityManager } from '@mikro-orm/postgresql';
import type { SecretBox } from '../../../../platform/src/crypto/secret-box';
import {
  generateUrlToken,
  hashUrlToken,
  urlTokenPattern,
} from '../../../../platform/src/crypto/url-token';
import { DomainError, NotFoundError } from '../../../../platform/src/errors';
import type { Tenant } from '../../../../platform/src/tenancy/tenant';
import { TenantDatabase } from '../../../../platform/src/tenancy/tenant-database';
import { ChannelConnection } from '../entities/channel-connection.entity';
import type { Reservation } from '../entities/reservation.entity';
import { ReservationsService } from '../reservations.service';
import { applyChannelNotice, type ChannelOutcome } from './channel-bookings';
import { isInboundChannel, type ChannelAdapter, type InboundChannel } from './inbound-channels';

/** Notification tokens: `bkc_` and 40 base62 characters, in the URL a platform posts to. */
const TOKEN_PREFIX = 'bkc';
const CHANNEL_TOKEN = urlTokenPattern(TOKEN_PREFIX);
/** How long a platform's API may take to hand over a booking before the notification fails. */
const PLATFORM_TIMEOUT_MS = 10_000;

export const channelNotificationPath = (source: InboundChannel, token: string) =>
  `/api/v1/channels/${source}/notifications?token=${token}`;

export interface NewChannelConnection {
  connection: ChannelConnection;
  /** Where the platform posts its notifications; the only time the token is shown. */
  url: string;
  token: string;
}

export interface ChannelReceipt {
  outcome: ChannelOutcome;
  reason: string | null;
  reservation: Reservation | null;
}

type Adapters = Record<InboundChannel, ChannelAdapter>;

/** Neither the message nor the details repeat the token: it is a credential. */
const unknownConnection = () =>
  new DomainError(
    'CHANNEL_NOT_FOUND',
    'This booking channel connection does not exist or was revoked',
  );

/** One tenant's booking platform connections: connect (token shown once), list, disconnect. */
export class ChannelConnectionService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly secrets: () => Promise<SecretBox>,
    private readonly adapters: Adapters,
  ) {}

  /** Connects a platform, replacing its previous connection (whose URL stops working). */
  async connect(source: InboundChannel, credentialsInput: unknown): Promise<NewChannelConnection> {
    const adapter = this.adapters[source];
    const credentials = adapter.credentials(credentialsInput, this.db.tenant.environment);
    const box = credentials === null ? null : await this.secrets();
    const token = generateUrlToken(TOKEN_PREFIX);
    const connection = await this.db.transaction(async (em) => {
      await em.nativeUpdate(
        ChannelConnection,
        { source, revokedAt: null },
        { revokedAt: new Date() },
      );
      const created = new ChannelConnection(this.db.tenant, source, hashUrlToken(token), null);
      if (box) {
        created.sealedCredentials = box.seal(JSON.stringify(credentials), created.sealingContext());
      }
      await em.persistAndFlush(created);
      return created;
    });
    return { connection, token, url: channelNotificationPath(source, token) };
  }

  /** The live connections, newest first. */
  async list(): Promise<ChannelConnection[]> {
    return this.db.transaction((em) =>
      em.find(
        ChannelConnection,
        { revokedAt: null },
        { orderBy: { createdAt: 'desc', id: 'desc' } },
      ),
    );
  }

  /** Disconnects: the platform's notifications answer 404 from now on. Twice is fine. */
  async disconnect(id: string): Promise<ChannelConnection> {
    return this.db.transaction(async (em) => {
      const connection = await em.findOne(ChannelConnection, { id });
      if (!connection)
        throw new NotFoundError('CHANNEL_NOT_FOUND', 'Booking channel connection', id);
      connection.revokedAt ??= new Date();
      await em.flush();
      return connection;
    });
  }
}

/**
 * Takes a platform's notification, with no access token: the connection is found by its token's
 * hash across every tenant (as the service user, reading nothing but that row), then the
 * booking is applied through the connection's own tenant, row-level security included.
 */
export class ChannelInbox {
  constructor(
    private readonly root: EntityManager,
    private readonly secrets: () => Promise<SecretBox>,
    private readonly adapters: Adapters,
    private readonly timeoutMs = PLATFORM_TIMEOUT_MS,
  ) {}

  async receive(source: string, token: string, payload: string): Promise<ChannelReceipt> {
    if (!isInboundChannel(source) || !CHANNEL_TOKEN.test(token)) throw unknownConnection();
    const connection = await this.root
      .fork({ clear: true, useContext: false })
      .findOne(
        ChannelConnection,
        { tokenHash: hashUrlToken(token), source, revokedAt: null },
        { filters: false },
      );
    if (!connection) throw unknownConnection();
    const credentials = connection.sealedCredentials
      ? JSON.parse(
          (await this.secrets()).open(connection.sealedCredentials, connection.sealingContext()),
        )
      : null;
    const notice = await this.adapters[source].read(
      parseJson(payload),
      credentials,
      AbortSignal.timeout(this.timeoutMs),
    );
    if (notice.kind === 'ignored') {
      return { outcome: 'ignored', reason: notice.reason, reservation: null };
    }
    const tenant: Tenant = connection.tenant();
    const reservations = new ReservationsService(new TenantDatabase(this.root, tenant), tenant);
    return applyChannelNotice(reservations, source, notice);
  }
}

function parseJson(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    throw new DomainError('MALFORMED_JSON', 'The notification is not JSON');
  }
}
