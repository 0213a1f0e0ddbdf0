/**
 * Worldline Terminal API (cloud-to-cloud): NOT FINISHED, `readiness.ready` is false.
 *
 * What is public (https://docs.terminal.worldline-solutions.com):
 * - build-your-integration/sending-your-first-request: `POST /api/v1/merchants/{umid}/terminals/
 *   {utid}/payments/sync` (and asynchronous `/payments` answered by webhook), integration host
 *   `https://api.terminal.iacc.global.worldline-solutions.com`;
 * - explore-our-solutions/cloud-integration and faq: `Authorization: Bearer <API key>`, keys
 *   issued by e-mail by terminalapi@worldline.com;
 * - build-your-integration/navigating-the-api-reference: bodies are nexo Retailer v5.1 messages
 *   (`SaleToPOIServiceRequest`, answers `SaleToPOIServiceResponse` / `SaleToPOIMessageRejection`).
 * What we could not read: the field-level JSON schema of those nexo v5.1 messages (payment,
 * reversal, transaction status), published only in the interactive API reference. nexo Retailer
 * v5.1 is not the nexo 3.0 dialect Adyen speaks, so reusing Adyen's bodies would be a guess, and a
 * guessed payment protocol is not something we ship. The credentials shape below is documented
 * (API key + merchant id), so a restaurant's key can be stored; charges are refused.
 */
import { z } from 'zod';
import { parseCredentialsWith } from './provider-credentials';
import { unavailableProvider } from './unavailable-provider';

const worldlineCredentials = z
  .object({
    apiKey: z.string().regex(/^\S{16,}$/, 'the Terminal API key Worldline issued'),
    merchantId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'the Worldline merchant id (umid)'),
  })
  .strict();
export type WorldlineCredentials = z.infer<typeof worldlineCredentials>;

export const WORLDLINE_NOT_READY_REASON =
  'Worldline Terminal API documents its endpoints and Bearer API keys publicly, but the nexo ' +
  'Retailer v5.1 message schema it requires is only in its interactive API reference, which we ' +
  'could not follow field by field; API keys are issued on request by terminalapi@worldline.com.';

export function createWorldlineProvider() {
  return unavailableProvider<WorldlineCredentials>({
    name: 'worldline',
    documentation:
      'https://docs.terminal.worldline-solutions.com/build-your-integration/sending-your-first-request',
    reason: WORLDLINE_NOT_READY_REASON,
    parseCredentials: (input) => parseCredentialsWith(worldlineCredentials, input),
  });
}
