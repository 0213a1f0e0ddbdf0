import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { DomainError } from '../errors';
import type { Logger } from '../logger';

/**
 * What an error is to the platform: `expected` (a domain error, or one GraphQL raised with its
 * own code), `database` (the database out of reach: no bug, to be tried again), or `bug`.
 */
export type ErrorKind = 'expected' | 'database' | 'bug';

export function errorKind(original: unknown, code: unknown): ErrorKind {
  if (original instanceof DomainError) return 'expected';
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return 'expected';
  return isDatabaseUnavailable(original) ? 'database' : 'bug';
}

/**
 * Every error leaves a service with a stable `extensions.code`. Domain errors keep their code,
 * message and details; errors GraphQL itself raised keep theirs; the database out of reach is
 * `SERVICE_UNAVAILABLE` (503 on REST); anything else is shown to the client as an opaque
 * internal error without its message or stack ({@link errorLogPlugin} logs it). For Apollo's
 * `formatError`.
 */
export function formatServiceError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  switch (errorKind(original, formatted.extensions?.code)) {
    case 'expected': {
      if (original instanceof DomainError) {
        const graphQLError = original.toGraphQLError();
        return {
          message: graphQLError.message,
          path: formatted.path,
          locations: formatted.locations,
          extensions: graphQLError.extensions,
        };
      }
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    case 'database':
      return {
        message: 'The database is unavailable; try again shortly',
        path: formatted.path,
        extensions: { code: 'SERVICE_UNAVAILABLE', details: { service: 'database' } },
      };
    case 'bug':
      return {
        message: 'Internal server error',
        path: formatted.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
  }
}

/**
 * The errors of an operation as Apollo Server answers them (its `normalizeAndFormatErrors`):
 * each error's own JSON with a `code` (`INTERNAL_SERVER_ERROR` when it has none), through
 * {@link formatServiceError}; an error the formatter cannot shape is an opaque internal error.
 * For operations run without Apollo's request pipeline (`direct-execution.ts`).
 */
export function formatServiceErrors(errors: readonly GraphQLError[]): GraphQLFormattedError[] {
  return errors.map((error) => {
    try {
      const { extensions, ...json } = error.toJSON();
      return formatServiceError(
        {
          ...json,
          extensions: { ...extensions, code: extensions?.code ?? 'INTERNAL_SERVER_ERROR' },
        },
        error,
      );
    } catch {
      return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
  });
}

/** Logs an error that an operation met, for the request of id `requestId`. */
export type ServiceErrorLog = (error: GraphQLError | Error, requestId: string | undefined) => void;

/**
 * Logs what an operation met that is not the caller's doing, with the id of the request it
 * served: a bug at `error`, the database out of reach at `warn`; nothing for an expected error.
 */
export function serviceErrorLog(logger: Logger): ServiceErrorLog {
  return (error, requestId) => {
    const original = unwrapResolverError(error);
    const code = 'extensions' in error ? error.extensions?.code : undefined;
    const path = 'path' in error ? error.path : undefined;
    const kind = errorKind(original, code);
    if (kind === 'database')
      logger.warn({ requestId, err: original, path }, 'database unavailable');
    else if (kind === 'bug') logger.error({ requestId, err: original, path }, 'unexpected error');
  };
}

/**
 * {@link serviceErrorLog} for Apollo Server: every error an operation met, with its context's
 * `requestId`. A context that could not be made is logged too, without a request id (there is
 * no context to hold one).
 */
export function errorLogPlugin<Context extends BaseContext & { requestId?: string }>(
  logger: Logger,
): ApolloServerPlugin<Context> {
  const log = serviceErrorLog(logger);
  // One listener for every request: nothing is made per operation.
  const listener: GraphQLRequestListener<Context> = {
    async didEncounterErrors({ errors, contextValue }) {
      for (const error of errors) log(error, contextValue.requestId);
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
    async contextCreationDidFail({ error }) {
      log(error, undefined);
    },
  };
}
