import { z } from 'zod';
import { responseSchema } from './rest-operation';

/** The error envelope every error answer shares (DESIGN.md, Contract: REST). */
export const ErrorEnvelopeJson = responseSchema(
  'Error',
  z.object({
    error: z.object({
      code: z.string().meta({ description: 'Stable, snake_case', examples: ['invalid_field'] }),
      message: z.string(),
      request_id: z.string().meta({ description: 'Also in the `X-Request-Id` header' }),
      details: z.unknown().meta({
        description: 'What the code needs: the invalid fields, the allowed transitions…',
      }),
    }),
  }),
  {
    description: 'Every error, whatever the status',
    examples: [
      {
        error: {
          code: 'invalid_field',
          message: 'Invalid request: items.0.quantity must be an integer',
          request_id: 'req_01JD8Q4W3ZB5Q2N8K1F6T9XH7M',
          details: [{ field: 'items.0.quantity', message: 'must be an integer' }],
        },
      },
    ],
  },
);
