import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RestRouteDeps } from './rest-api';
import {
  RESERVATION_FIELDS,
  reservationEtag,
  reservationJson,
  ReservationJson,
  TABLE_FIELDS,
  tableJson,
  TableJson,
  type GraphQLReservation,
  type GraphQLTable,
} from './reservation-json';
import { RESERVATION_SOURCES } from '../../../subgraphs/reservations/src/entities/reservation.entity';
import { RESERVATION_STATUSES } from '../../../subgraphs/reservations/src/reservation-state-machine';
import { setValidators } from '../http/http-caching';
import { pageJson, type GraphQLPage } from './pagination';
import { expectedVersionFrom, parseInput } from './validation';
import { INSTANT_MESSAGE, isInstantWithOffset } from '../../../platform/src/instant';
import { instant as instantJson, page } from './openapi/json-schemas';
import {
  IdParams,
  requestSchema,
  responseSchema,
  type RestOperation,
} from './openapi/rest-operation';

const instant = z
  .string()
  .refine(isInstantWithOffset, { message: INSTANT_MESSAGE })
  .meta({ format: 'date-time', examples: ['2023-09-15T19:30:00+02:00'] });
const partySize = z.number().int().min(1).max(100);
const durationMinutes = z.number().int().min(15).max(720);

const BookingFields = {
  customer_name: z.string().trim().min(1).max(200),
  customer_phone: z.string().max(40).nullish(),
  customer_email: z.string().max(254).nullish(),
  party_size: partySize,
  start_time: instant,
  duration_minutes: durationMinutes.nullish(),
  table_id: z.string().min(1).max(64).nullish(),
  notes: z.string().max(1000).nullish(),
};

const CreateBody = requestSchema(
  'ReservationRequest',
  z
    .object({
      ...BookingFields,
      source: z.enum(RESERVATION_SOURCES).nullish(),
      external_id: z.string().min(1).max(200).nullish(),
      status: z.enum(['pending', 'confirmed']).nullish(),
    })
    .strict(),
  {
    description:
      'Without `table_id`, the best free table or joinable pair; re-sent with the same `source` and `external_id`, it updates the first one.',
  },
);
const UpdateBody = requestSchema('ReservationUpdateRequest', z.object(BookingFields).strict());
const StatusBody = requestSchema(
  'ReservationStatusRequest',
  z.object({ status: z.enum(RESERVATION_STATUSES) }).strict(),
);

const ListQuery = z
  .object({
    date: z
      .string()
      .regex(/^\d{4}-\d\d-\d\d$/, 'must be a day such as 2026-11-27')
      .optional(),
    status: z
      .union([z.string(), z.array(z.string())])
      .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')))
      .pipe(z.array(z.enum(RESERVATION_STATUSES)))
      .optional()
      .meta({
        description: `One or more, comma-separated or repeated: ${RESERVATION_STATUSES.join(', ')}`,
      }),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().min(1).max(200).optional(),
  })
  .strict();

const AvailabilityQuery = z
  .object({
    start_time: instant,
    party_size: z.coerce.number().pipe(partySize),
    duration_minutes: z.coerce.number().pipe(durationMinutes).optional(),
  })
  .strict();

const upper = (value: string) => value.toUpperCase();

const ReservationPageJson = responseSchema('ReservationPage', page(ReservationJson));

const AvailabilityJson = responseSchema(
  'TableAvailability',
  z.object({
    start_time: instantJson,
    end_time: instantJson,
    party_size: z.number().int(),
    duration_minutes: z.number().int(),
    available: z.boolean(),
    best_fit: z
      .array(z.string())
      .nullable()
      .meta({ description: 'The tables a booking would get' }),
    tables: z.array(TableJson),
    combinations: z.array(z.array(TableJson)),
    nearest_times: z
      .array(instantJson)
      .meta({ description: 'Free times nearby, when not available' }),
  }),
  { description: 'The free tables and joinable pairs for a party at a time' },
);

const BOOKING = {
  customer_name: 'Camille Martin',
  customer_phone: '+33612345678',
  party_size: 4,
  start_time: '2023-09-15T19:30:00+02:00',
  notes: 'Anniversaire',
};
const RESERVATION_ID = { id: 'res_4fJ8kQ2nVw' };
const changed = (description: string) => ({
  200: { description, schema: ReservationJson, headers: ['ETag' as const] },
});

export const RESERVATION_OPERATIONS: RestOperation[] = [
  {
    method: 'get',
    path: '/reservations',
    operationId: 'listReservations',
    summary: 'List reservations',
    description: "By start time; `date` is a day in the restaurant's time zone.",
    tag: 'Reservations',
    query: ListQuery,
    responses: {
      200: {
        description: 'A page of reservations',
        schema: ReservationPageJson,
        headers: ['Link'],
      },
    },
    example: { query: { date: '2023-09-15', status: 'confirmed' } },
  },
  {
    method: 'post',
    path: '/reservations',
    operationId: 'createReservation',
    summary: 'Create a reservation',
    tag: 'Reservations',
    body: CreateBody,
    responses: {
      200: {
        description: 'A booking re-sent with the same `source` and `external_id`: the first one',
        schema: ReservationJson,
        headers: ['Location', 'ETag'],
      },
      201: {
        description: 'The reservation',
        schema: ReservationJson,
        headers: ['Location', 'ETag'],
      },
    },
    example: { body: BOOKING },
  },
  {
    method: 'get',
    path: '/reservations/{id}',
    operationId: 'getReservation',
    summary: 'Get a reservation',
    tag: 'Reservations',
    params: IdParams,
    responses: {
      200: {
        description: 'The reservation',
        schema: ReservationJson,
        headers: ['ETag', 'Last-Modified'],
      },
    },
    example: { params: RESERVATION_ID },
  },
  {
    method: 'put',
    path: '/reservations/{id}',
    operationId: 'updateReservation',
    summary: 'Update a reservation',
    tag: 'Reservations',
    params: IdParams,
    body: UpdateBody,
    ifMatch: true,
    responses: changed('The reservation as updated'),
    example: { params: RESERVATION_ID, body: { ...BOOKING, party_size: 5 } },
  },
  {
    method: 'patch',
    path: '/reservations/{id}/status',
    operationId: 'changeReservationStatus',
    summary: "Change a reservation's status",
    description:
      'pending → confirmed | cancelled; confirmed → arrived | seated | cancelled | no_show; arrived → seated | cancelled; seated → completed.',
    tag: 'Reservations',
    params: IdParams,
    body: StatusBody,
    ifMatch: true,
    responses: changed('The reservation in its new status'),
    example: { params: RESERVATION_ID, body: { status: 'arrived' } },
  },
  {
    method: 'get',
    path: '/tables/availability',
    operationId: 'getTableAvailability',
    summary: 'Check table availability',
    tag: 'Reservations',
    query: AvailabilityQuery,
    responses: { 200: { description: 'The availability', schema: AvailabilityJson } },
    example: { query: { start_time: '2023-09-15T19:30:00+02:00', party_size: '4' } },
  },
];

const booking = (body: z.infer<typeof UpdateBody>) => ({
  customerName: body.customer_name,
  customerPhone: body.customer_phone ?? null,
  customerEmail: body.customer_email ?? null,
  partySize: body.party_size,
  startTime: body.start_time,
  durationMinutes: body.duration_minutes ?? null,
  tableId: body.table_id ?? null,
  notes: body.notes ?? null,
});

const CREATE = `mutation RestCreateReservation($input: CreateReservationInput!) {
  createReservation(input: $input) { created reservation { ...RestReservation } }
} ${RESERVATION_FIELDS}`;
const GET = `query RestGetReservation($id: ID!) {
  reservation(id: $id) { ...RestReservation } } ${RESERVATION_FIELDS}`;
const LIST = `query RestListReservations($date: String, $status: [ReservationStatus!], $first: Int,
    $after: String) {
  reservations(date: $date, status: $status, first: $first, after: $after) {
    nodes { ...RestReservation }
    pageInfo { hasNextPage endCursor }
  } } ${RESERVATION_FIELDS}`;
const UPDATE = `mutation RestUpdateReservation($id: ID!, $input: UpdateReservationInput!,
    $expectedVersion: Int) {
  reservation: updateReservation(id: $id, input: $input, expectedVersion: $expectedVersion) {
    ...RestReservation }
} ${RESERVATION_FIELDS}`;
const STATUS = `mutation RestChangeReservationStatus($id: ID!, $status: ReservationStatus!,
    $expectedVersion: Int) {
  reservation: changeReservationStatus(id: $id, status: $status, expectedVersion: $expectedVersion) {
    ...RestReservation }
} ${RESERVATION_FIELDS}`;
const AVAILABILITY = `query RestTableAvailability($startTime: DateTime!, $partySize: Int!,
    $durationMinutes: Int) {
  availability: tableAvailability(startTime: $startTime, partySize: $partySize,
      durationMinutes: $durationMinutes) {
    startTime endTime partySize durationMinutes
    tables { ...RestTable }
    combinations { ...RestTable }
    bestFit { id }
    nearestTimes
  } } ${TABLE_FIELDS}`;

type Params = { id: string };

/** The spec's Reservations API: five reservation endpoints and table availability. */
export function reservationsRoutes(
  app: FastifyInstance,
  { execute, contextOf, notFound, sendJson }: RestRouteDeps,
) {
  const change = async (
    request: FastifyRequest,
    query: string,
    variables: Record<string, unknown>,
  ) => {
    const { reservation } = await execute<{ reservation: GraphQLReservation }>(
      contextOf(request),
      query,
      variables,
    );
    return reservation;
  };

  const ifMatch = { config: { ifMatch: true } };

  app.post('/reservations', async (request, reply) => {
    const body = parseInput(CreateBody, request.body);
    const { createReservation } = await execute<{
      createReservation: { created: boolean; reservation: GraphQLReservation };
    }>(contextOf(request), CREATE, {
      input: {
        ...booking(body),
        source: body.source ? upper(body.source) : null,
        externalId: body.external_id ?? null,
        status: body.status ? upper(body.status) : null,
      },
    });
    const { reservation, created } = createReservation;
    return reply
      .code(created ? 201 : 200)
      .header('location', `/api/v1/reservations/${reservation.id}`)
      .header('etag', reservationEtag(reservation))
      .send(reservationJson(reservation));
  });

  app.get('/reservations', async (request, reply) => {
    const query = parseInput(ListQuery, request.query);
    const { reservations } = await execute<{
      reservations: GraphQLPage<GraphQLReservation>;
    }>(contextOf(request), LIST, {
      date: query.date ?? null,
      status: query.status?.map(upper) ?? null,
      first: query.limit,
      after: query.cursor ?? null,
    });
    return pageJson(request, reply, reservations, reservationJson);
  });

  app.get<{ Params: Params }>('/reservations/:id', async (request, reply) => {
    const { reservation } = await execute<{ reservation: GraphQLReservation | null }>(
      contextOf(request),
      GET,
      { id: request.params.id },
    );
    if (!reservation) throw notFound('RESERVATION_NOT_FOUND', 'Reservation', request.params.id);
    return sendJson(setValidators(reply, reservation), reservation, reservationJson);
  });

  app.put<{ Params: Params }>('/reservations/:id', ifMatch, async (request, reply) => {
    const body = parseInput(UpdateBody, request.body);
    const reservation = await change(request, UPDATE, {
      id: request.params.id,
      input: booking(body),
      expectedVersion: expectedVersionFrom(request.headers['if-match']) ?? null,
    });
    return reply.header('etag', reservationEtag(reservation)).send(reservationJson(reservation));
  });

  app.patch<{ Params: Params }>('/reservations/:id/status', ifMatch, async (request, reply) => {
    const body = parseInput(StatusBody, request.body);
    const reservation = await change(request, STATUS, {
      id: request.params.id,
      status: upper(body.status),
      expectedVersion: expectedVersionFrom(request.headers['if-match']) ?? null,
    });
    return reply.header('etag', reservationEtag(reservation)).send(reservationJson(reservation));
  });

  app.get('/tables/availability', async (request, reply) => {
    const query = parseInput(AvailabilityQuery, request.query);
    const { availability } = await execute<{ availability: GraphQLAvailability }>(
      contextOf(request),
      AVAILABILITY,
      {
        startTime: query.start_time,
        partySize: query.party_size,
        durationMinutes: query.duration_minutes ?? null,
      },
    );
    return sendJson(reply, availability, availabilityJson);
  });
}

interface GraphQLAvailability {
  startTime: string;
  endTime: string;
  partySize: number;
  durationMinutes: number;
  tables: GraphQLTable[];
  combinations: GraphQLTable[][];
  bestFit: { id: string }[] | null;
  nearestTimes: string[];
}

function availabilityJson(availability: GraphQLAvailability): z.infer<typeof AvailabilityJson> {
  return {
    start_time: availability.startTime,
    end_time: availability.endTime,
    party_size: availability.partySize,
    duration_minutes: availability.durationMinutes,
    available: availability.bestFit !== null,
    best_fit: availability.bestFit?.map((table) => table.id) ?? null,
    tables: availability.tables.map(tableJson),
    combinations: availability.combinations.map((pair) => pair.map(tableJson)),
    nearest_times: availability.nearestTimes,
  };
}
