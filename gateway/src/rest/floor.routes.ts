import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RestRouteDeps } from './rest-api';
import { TABLE_FIELDS, tableJson, type GraphQLTable } from './reservation-json';
import { parseInput } from './validation';

const TableBody = z
  .object({
    capacity: z.number().int(),
    min_party_size: z.number().int().nullish(),
    zone: z.string().max(50),
    joinable_with: z.array(z.string().max(64)).max(20).nullish(),
  })
  .strict();

const period = z.tuple([z.string().max(5), z.string().max(5)]);
const ServiceBody = z
  .object({
    time_zone: z.string().max(64),
    opening_hours: z.record(
      z.string().regex(/^[1-7]$/, 'days are 1 (Monday) to 7 (Sunday)'),
      z.array(period).max(4),
    ),
    durations: z
      .array(z.object({ up_to: z.number().int().nullable(), minutes: z.number().int() }).strict())
      .max(10),
  })
  .strict();

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

const serviceJson = (service: GraphQLService) => ({
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
    return { data: tables.map(tableJson) };
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
