import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RestRouteDeps } from './rest-api';
import { parseInput } from './validation';

const TokenBody = z.object({ api_key: z.string().min(1).max(256) }).strict();

const ISSUE = `mutation RestIssueAccessToken($apiKey: String!) {
  token: issueAccessToken(apiKey: $apiKey) { accessToken tokenType expiresIn }
}`;

/**
 * `POST /auth/token`: an API key in, a short-lived access token out. Limited per client IP
 * (SOTTO_AUTH_RATE_PER_MINUTE), against key guessing.
 */
export function authRoutes(app: FastifyInstance, { execute, contextOf }: RestRouteDeps) {
  const config = { auth: 'public', addressRateLimit: 'token-exchange' } as const;
  app.post('/auth/token', { config }, async (request, reply) => {
    const body = parseInput(TokenBody, request.body);
    const { token } = await execute<{
      token: { accessToken: string; tokenType: string; expiresIn: number };
    }>(contextOf(request), ISSUE, { apiKey: body.api_key });
    return reply.header('cache-control', 'no-store').send({
      access_token: token.accessToken,
      token_type: token.tokenType,
      expires_in: token.expiresIn,
    });
  });
}
