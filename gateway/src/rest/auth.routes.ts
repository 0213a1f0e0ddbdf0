import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requestSchema, responseSchema, type RestOperation } from './openapi/rest-operation';
import type { RestRouteDeps } from './rest-api';
import { parseInput } from './validation';

const TokenBody = requestSchema(
  'TokenRequest',
  z.object({ api_key: z.string().min(1).max(256) }).strict(),
);

const TokenJson = responseSchema(
  'AccessToken',
  z.object({
    access_token: z.string().meta({ description: 'An ES256 JWT' }),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().meta({ description: 'Seconds' }),
  }),
  {
    examples: [
      { access_token: 'eyJhbGciOiJFUzI1NiIsImtpZCI6…', token_type: 'Bearer', expires_in: 3600 },
    ],
  },
);

export const AUTH_OPERATIONS: RestOperation[] = [
  {
    method: 'post',
    path: '/auth/token',
    operationId: 'createAccessToken',
    summary: 'Exchange an API key for an access token',
    description:
      'Limited per client IP (30 a minute by default). The key decides the restaurant, the environment and the permissions of every call made with the token.',
    tag: 'Authentication',
    access: 'public',
    body: TokenBody,
    responses: {
      200: { description: 'A new access token', schema: TokenJson, headers: ['Cache-Control'] },
    },
    errors: [401],
    example: { body: { api_key: 'sk_sandbox_…' } },
  },
];

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
      token: { accessToken: string; tokenType: 'Bearer'; expiresIn: number };
    }>(contextOf(request), ISSUE, { apiKey: body.api_key });
    const answer: z.infer<typeof TokenJson> = {
      access_token: token.accessToken,
      token_type: token.tokenType,
      expires_in: token.expiresIn,
    };
    return reply.header('cache-control', 'no-store').send(answer);
  });
}
