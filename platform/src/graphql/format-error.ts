import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { DomainError } from '../errors';
import type { Logger } from '../logger';

/**
 * Every error leaves a service with a stable `extensions.code`. Domain errors keep their code,
 * message and details; errors GraphQL itself raised keep theirs; anything else is a bug, logged
 * here and shown to the client as an opaque internal error without its message or stack. The
 * database out of reach is no bug: `SERVICE_UNAVAILABLE` (503 on REST), to be tried again.
 */
export function errorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      const graphQLError = original.toGraphQLError();
      return {
        message: graphQLError.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: graphQLError.extensions,
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    if (isDatabaseUnavailable(original)) {
      logger.warn({ err: original, path: formatted.path }, 'database unavailable');
      return {
        message: 'The database is unavailable; try again shortly',
        path: formatted.path,
        extensions: { code: 'SERVICE_UNAVAILABLE', details: { service: 'database' } },
      };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error');
    return {
      message: 'Internal server error',
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
