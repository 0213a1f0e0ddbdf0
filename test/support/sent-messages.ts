import { Client } from 'pg';
import { PreparedStatements } from '../../platform/src/database/prepared-statements';

/** The messages recorded by `recordMessages`, until `restore`. */
export interface RecordedMessages {
  messages: string[];
  restore(): void;
}

/**
 * Records each message this process sends to PostgreSQL, and `keep` holds of, as it would read
 * without prepared statements: a statement executed by name (`PreparedStatements`) shows as
 * its SQL with its values written in, so that a test reads what ran rather than
 * `execute sotto_3(…)`, and the `PREPARE`s do not show. A message still counts once.
 */
export function recordMessages(keep: (text: string) => boolean = () => true): RecordedMessages {
  const query = Client.prototype.query;
  const message = PreparedStatements.prototype.message;
  const writtenOut = new Map<string, string>();
  const messages: string[] = [];
  PreparedStatements.prototype.message = function (this: PreparedStatements, ...args) {
    const built = message.apply(this, args);
    writtenOut.set(built.text, built.writtenOut());
    return built;
  };
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const [first] = args as [string | { text?: string }];
    const text = typeof first === 'string' ? first : String(first?.text ?? '');
    const shown = writtenOut.get(text) ?? text;
    if (keep(shown)) messages.push(shown);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  return {
    messages,
    restore: () => {
      Client.prototype.query = query;
      PreparedStatements.prototype.message = message;
    },
  };
}
