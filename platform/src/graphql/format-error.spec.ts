import type {
  GraphQLRequestContextDidEncounterErrors,
  GraphQLRequestListener,
} from '@apollo/server';
import { GraphQLError } from 'graphql';
import { DomainError } from '../errors';
import { createLogger } from '../logger';
import { errorLogPlugin, formatServiceError, formatServiceErrors } from './format-error';

interface Context {
  requestId: string;
}

/** A plugin's lines, as `npm start` would write them. */
function withLines() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('test', 'info', {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { lines, plugin: errorLogPlugin<Context>(logger) };
}

const resolverError = (original: Error) =>
  new GraphQLError(original.message, { originalError: original, path: ['order'] });

const unreachable = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

async function encounter(plugin: ReturnType<typeof withLines>['plugin'], errors: GraphQLError[]) {
  const listener = (await plugin.requestDidStart!({} as never)) as GraphQLRequestListener<Context>;
  await listener.didEncounterErrors!({
    errors,
    contextValue: { requestId: 'req_format_spec' },
  } as unknown as GraphQLRequestContextDidEncounterErrors<Context>);
}

describe('formatServiceError', () => {
  it("keeps a domain error's code, message and details", () => {
    const error = resolverError(new DomainError('NOT_FOUND', 'Order not found', { id: 'ord_1' }));
    expect(formatServiceError({ message: 'x', path: ['order'] }, error)).toMatchObject({
      message: 'Order not found',
      path: ['order'],
      extensions: { code: 'NOT_FOUND', details: { id: 'ord_1' } },
    });
  });

  it('hides a bug behind an internal error, and shows the database away as unavailable', () => {
    const bug = resolverError(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(formatServiceError({ message: bug.message }, bug)).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    const away = resolverError(unreachable());
    expect(formatServiceError({ message: away.message }, away).extensions).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      details: { service: 'database' },
    });
  });
});

describe('formatServiceErrors', () => {
  it("shapes errors as Apollo Server's pipeline does: a code for each, then the formatter", () => {
    const located = new GraphQLError('Variable "$first" is not allowed here', {
      path: ['orders'],
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(
      formatServiceErrors([
        resolverError(new DomainError('NOT_FOUND', 'Order not found', { id: 'ord_1' })),
        resolverError(new TypeError('a bug')),
        located,
        new GraphQLError('No code of its own'),
      ]),
    ).toEqual([
      {
        message: 'Order not found',
        path: ['order'],
        extensions: { code: 'NOT_FOUND', details: { id: 'ord_1' } },
      },
      {
        message: 'Internal server error',
        path: ['order'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
      { message: located.message, path: ['orders'], extensions: { code: 'BAD_USER_INPUT' } },
      { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
  });
});

describe('errorLogPlugin', () => {
  it('logs a bug at error and the database away at warn, with the request id', async () => {
    const { lines, plugin } = withLines();
    await encounter(plugin, [resolverError(new TypeError('a bug')), resolverError(unreachable())]);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'unexpected error',
        requestId: 'req_format_spec',
        path: ['order'],
        err: expect.objectContaining({ message: 'a bug' }),
      }),
      expect.objectContaining({
        level: 40,
        msg: 'database unavailable',
        requestId: 'req_format_spec',
      }),
    ]);
  });

  it("logs nothing of the caller's doing", async () => {
    const { lines, plugin } = withLines();
    await encounter(plugin, [
      resolverError(new DomainError('NOT_FOUND', 'Order not found')),
      new GraphQLError('Cannot query field "nope"', {
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
    expect(lines).toEqual([]);
  });

  it('logs a context that could not be made, when it is a bug', async () => {
    const { lines, plugin } = withLines();
    await plugin.contextCreationDidFail!({ error: new Error('a broken context') });
    await plugin.contextCreationDidFail!({
      error: new GraphQLError('Bad token', { extensions: { code: 'UNAUTHENTICATED' } }),
    });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'unexpected error',
        err: expect.objectContaining({ message: 'a broken context' }),
      }),
    ]);
  });
});
