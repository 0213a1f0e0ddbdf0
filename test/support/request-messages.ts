import type { RequestTrace } from './request-trace';
import { recordMessages } from './sent-messages';
import type { TestPlatform } from './test-platform';

let requests = 0;

/**
 * One request to the platform, and the messages sent to PostgreSQL while serving it (those
 * `keep` holds of), as `recordMessages` writes them out: the request gets an `X-Request-Id` of
 * its own, which `trace` (on the platform's gateway) follows into the subgraphs and their SQL.
 */
export async function requestWithMessages(
  platform: TestPlatform,
  trace: RequestTrace,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
  keep: (text: string) => boolean = () => true,
) {
  const requestId = `req_messages_${process.pid}_${++requests}_${Date.now()}`;
  const sent = recordMessages((text) => trace.requestId() === requestId && keep(text));
  try {
    const answer = await platform.request(method, path, {
      body: options.body,
      headers: { ...options.headers, 'x-request-id': requestId },
    });
    return { answer, messages: [...sent.messages] };
  } finally {
    sent.restore();
  }
}
