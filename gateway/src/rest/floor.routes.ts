import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RestRouteDeps } from './rest-api';
import { list } from './openapi/json-schemas';
import {
  IdParams,
  requestSchema,
  responseSchema,
  type RestOperation,
} from './openapi/rest-operation';
import { TABLE_FIELDS, tableJson, TableJson, type GraphQLTable } from './reservation-json';
import { parseInput } from './validation';

const TableBody = requestSchema(
  'TableRequest',
  z
    .object({
      capacity: z.number().int().meta({ description: '1 to 100' }),
      min_party_size: z.number().int().nullish(),
      zone: z.string().max(50),
      joinable_with: z
        .array(z.string().max(64))
        .max(20)
        .nullish()
        .meta({ description: 'Other existing tables; kept mutual' }),
    })
    .strict(),
);

const period = z.tuple([z.string().max(5), z.string().max(5)]);
const SERVICE_SHAPE = {
  time_zone: z
    .string()
    .max(64)
    .meta({ examples: ['Europe/Paris'] }),
  opening_hours: z
    .record(
      z.string().regex(/^[1-7]$/, 'days are 1 (Monday) to 7 (Sunday)'),
      z.array(period).max(4),
    )
    .meta({ description: 'By ISO weekday (1 = Monday): the services, `["HH:MM", "HH:MM"]`' }),
  durations: z
    .array(z.object({ up_to: z.number().int().nullable(), minutes: z.number().int() }).strict())
    .max(10)
    .meta({ description: 'Reservation lengths by party size; the last has `up_to: null`' }),
};
const ServiceBody = requestSchema('ServiceSettingsRequest', z.object(SERVICE_SHAPE).strict());
const ServiceJson = responseSchema('ServiceSettings', z.object(SERVICE_SHAPE), {
  examples: [
    {
      time_zone: 'Europe/Paris',
      opening_hours: {
        '1': [],
        '2': [
          ['12:00', '14:30'],
          ['19:00', '23:00'],
        ],
      },
      durations: [
        { up_to: 2, minutes: 90 },
        { up_to: null, minutes: 120 },
      ],
    },
  ],
});
const TableListJson = responseSchema('TableList', list(TableJson));

const TABLE_ID = { id: '12' };

export const FLOOR_OPERATIONS: RestOperation[] = [
  {
    method: 'get',
    path: '/tables',
    operationId: 'listTables',
    summary: 'List the tables',
    tag: 'Floor',
    responses: { 200: { description: 'The floor', schema: TableListJson } },
  },
  {
    method: 'put',
    path: '/tables/{id}',
    operationId: 'setTable',
    summary: 'Add or change a table',
    description:
      'A change an upcoming reservation holding the table would no longer fit is a 409 `table_in_use`.',
    tag: 'Floor',
    params: IdParams,
    body: TableBody,
    responses: {
      200: { description: 'The table as changed', schema: TableJson },
      201: { description: 'The new table', schema: TableJson },
    },
    example: { params: TABLE_ID, body: { capacity: 4, zone: 'terrasse', joinable_with: ['14'] } },
  },
  {
    method: 'delete',
    path: '/tables/{id}',
    operationId: 'removeTable',
    summary: 'Remove a table',
    tag: 'Floor',
    params: IdParams,
    responses: { 200: { description: 'The removed table', schema: TableJson } },
    example: { params: TABLE_ID },
  },
  {
    method: 'get',
    path: '/service-settings',
    operationId: 'getServiceSettings',
    summary: 'Get the opening hours and reservation lengths',
    tag: 'Floor',
    responses: { 200: { description: 'The settings', schema: ServiceJson } },
  },
  {
    method: 'put',
    path: '/service-settings',
    operationId: 'setServiceSettings',
    summary: 'Set the opening hours and reservation lengths',
    description: 'New hours apply to bookings made from then on.',
    tag: 'Floor',
    body: ServiceBody,
    responses: { 200: { description: 'The settings', schema: ServiceJson } },
    example: {
      body: {
        time_zone: 'Europe/Paris',
        opening_hours: {
          '2': [
            ['12:00', '14:30'],
            ['19:00', '23:00'],
          ],
        },
        durations: [
          { up_to: 2, minutes: 90 },
          { up_to: null, minutes: 120 },
        ],
      },
    },
  },
];

interface GraphQLService {
  timeZone: string;
  openingHours: { weekday: number; services: { opens: string; closes: string }[] }[];
  durations: { upToPartySize: number | null; minutes: number }[];
}

const SERVICE_FIELDS = `fragment RestService on ServiceSettings {
  timeZone openingHours { weekday services { opens closes } } durations { upToPartySize minutes } }`;
const LIST = `query RestTables { tables { ...RestTable } } ${TABLE_FIELDS}`;
const SET = `mutation RestSetTable($input: TableInput!) {
  setTable(input: $input) { created table { ...RestTable } } } ${TABLE_FIELDS}`;
const REMOVE = `mutation RestRemoveTable($id: ID!) { removeTable(id: $id) { ...RestTable } }
  ${TABLE_FIELDS}`;
const GET_SERVICE = `query RestServiceSettings { serviceSettings { ...RestService } } ${SERVICE_FIELDS}`;
const SET_SERVICE = `mutation RestSetServiceSettings($input: ServiceSettingsInput!) {
  serviceSettings: setServiceSettings(input: $input) { ...RestService } } ${SERVICE_FIELDS}`;

const serviceJson = (service: GraphQLService): z.infer<typeof ServiceJson> => ({
  time_zone: service.timeZone,
  opening_hours: Object.fromEntries(
    service.openingHours.map((day) => [
      String(day.weekday),
      day.services.map(({ opens, closes }) => [opens, closes]),
    ]),
  ),
  durations: service.durations.map((rule) => ({
    up_to: rule.upToPartySize,
    minutes: rule.minutes,
  })),
});

/**
 * The floor and the service as a manager sets them: tables (`PUT` adds or changes one by the
 * restaurant's own id), opening hours and default reservation lengths.
 */
export function floorRoutes(app: FastifyInstance, { execute, contextOf }: RestRouteDeps) {
  app.get('/tables', async (request) => {
    const { tables } = await execute<{ tables: GraphQLTable[] }>(contextOf(request), LIST);
    const answer: z.infer<typeof TableListJson> = { data: tables.map(tableJson) };
    return answer;
  });

  app.put<{ Params: { id: string } }>('/tables/:id', async (request, reply) => {
    const body = parseInput(TableBody, request.body);
    const { setTable } = await execute<{ setTable: { created: boolean; table: GraphQLTable } }>(
      contextOf(request),
      SET,
      {
        input: {
          id: request.params.id,
          capacity: body.capacity,
          minPartySize: body.min_party_size ?? null,
          zone: body.zone,
          joinableWith: body.joinable_with ?? [],
        },
      },
    );
    return reply.code(setTable.created ? 201 : 200).send(tableJson(setTable.table));
  });

  app.delete<{ Params: { id: string } }>('/tables/:id', async (request) => {
    const { removeTable } = await execute<{ removeTable: GraphQLTable }>(
      contextOf(request),
      REMOVE,
      { id: request.params.id },
    );
    return tableJson(removeTable);
  });

  app.get('/service-settings', async (request) => {
    const { serviceSettings } = await execute<{ serviceSettings: GraphQLService }>(
      contextOf(request),
      GET_SERVICE,
    );
    return serviceJson(serviceSettings);
  });

  app.put('/service-settings', async (request) => {
    const body = parseInput(ServiceBody, request.body);
    const { serviceSettings } = await execute<{ serviceSettings: GraphQLService }>(
      contextOf(request),
      SET_SERVICE,
      {
        input: {
          timeZone: body.time_zone,
          openingHours: Object.entries(body.opening_hours).map(([weekday, services]) => ({
            weekday: Number(weekday),
            services: services.map(([opens, closes]) => ({ opens, closes })),
          })),
          durations: body.durations.map((rule) => ({
            upToPartySize: rule.up_to,
            minutes: rule.minutes,
          })),
        },
      },
    );
    return serviceJson(serviceSettings);
  });
}
