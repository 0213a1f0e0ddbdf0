import { createLogger } from './logger';
import { CENSORED, redactSecrets } from './redact-secrets';

/** A logger at `debug` whose lines are kept, parsed, as stdout would have received them. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('sotto', 'debug', {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { logger, lines, text: () => JSON.stringify(lines) };
}

const SECRET = 'sk_live_0123456789abcdef';

describe('log lines never carry a secret', () => {
  it.each([
    'api_key',
    'apiKey',
    'secret',
    'password',
    'authorization',
    'Authorization',
    'access_token',
    'accessToken',
    'x-sotto-context',
  ])('censors %s at the top of a line', (key) => {
    const { logger, lines, text } = capture();
    logger.info({ [key]: SECRET, keyId: 'key_1' }, 'seen');
    expect(lines[0]).toMatchObject({ [key]: CENSORED, keyId: 'key_1', msg: 'seen' });
    expect(text()).not.toContain(SECRET);
  });

  it('censors nested keys: request headers, deep objects, arrays of objects', () => {
    const { logger, lines, text } = capture();
    logger.warn(
      {
        req: {
          method: 'POST',
          headers: { authorization: `Bearer ${SECRET}`, 'x-sotto-context': SECRET },
        },
        webhook: { endpoint: { signing: { secret: SECRET, algorithm: 'sha256' } } },
        keys: [{ id: 'key_1', api_key: SECRET }, 'plain', 3],
      },
      'nested',
    );
    expect(lines[0]).toMatchObject({
      req: { method: 'POST', headers: { authorization: CENSORED, 'x-sotto-context': CENSORED } },
      webhook: { endpoint: { signing: { secret: CENSORED, algorithm: 'sha256' } } },
      keys: [{ id: 'key_1', api_key: CENSORED }, 'plain', 3],
    });
    expect(text()).not.toContain(SECRET);
  });

  it("censors an error's own fields and keeps it an error: type, message and stack", () => {
    const { logger, lines, text } = capture();
    const error = Object.assign(new TypeError('provider refused'), {
      password: SECRET,
      code: 'E1',
    });
    logger.error({ err: error }, 'failed');
    expect(lines[0].err).toMatchObject({
      type: 'TypeError',
      message: 'provider refused',
      password: CENSORED,
      code: 'E1',
    });
    expect((lines[0].err as { stack: string }).stack).toContain('provider refused');
    expect(text()).not.toContain(SECRET);
  });

  it("censors a child logger's bindings", () => {
    const { logger, lines, text } = capture();
    logger.child({ component: 'apollo', accessToken: SECRET }).info('child');
    expect(lines[0]).toMatchObject({ component: 'apollo', accessToken: CENSORED, msg: 'child' });
    expect(text()).not.toContain(SECRET);
  });

  it("never writes the caller's objects, frozen ones included", () => {
    const { logger, text } = capture();
    const headers = { authorization: SECRET };
    const frozen = Object.freeze({ secret: SECRET, nested: Object.freeze({ apiKey: SECRET }) });
    logger.info({ req: { headers }, frozen }, 'kept');
    expect(headers.authorization).toBe(SECRET);
    expect(frozen).toEqual({ secret: SECRET, nested: { apiKey: SECRET } });
    expect(text()).not.toContain(SECRET);
  });

  it('writes a line with a circular reference, as before', () => {
    const { logger, lines } = capture();
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    logger.info({ loop }, 'circular');
    expect(lines[0]).toMatchObject({ loop: { name: 'loop', self: '[Circular]' } });
  });
});

describe('redactSecrets', () => {
  it('returns the very same object when nothing is secret: no copy on a request line', () => {
    const line = { requestId: 'req_1', method: 'GET', status: 200, nested: { ms: 3 }, list: [1] };
    expect(redactSecrets(line)).toBe(line);
  });

  it('copies only what changed, and keeps a class instance its prototype', () => {
    class Credentials {
      constructor(
        readonly user: string,
        readonly password: string,
      ) {}
    }
    const untouched = { ms: 1 };
    const line = { untouched, credentials: new Credentials('ana', SECRET) };
    const redacted = redactSecrets(line);
    expect(redacted).not.toBe(line);
    expect(redacted.untouched).toBe(untouched);
    expect(redacted.credentials).toBeInstanceOf(Credentials);
    expect({ ...redacted.credentials }).toEqual({ user: 'ana', password: CENSORED });
    expect(line.credentials.password).toBe(SECRET);
  });

  it('censors a getter without calling it', () => {
    let called = false;
    const fields = {
      get secret() {
        called = true;
        return SECRET;
      },
    };
    expect(redactSecrets(fields).secret).toBe(CENSORED);
    expect(called).toBe(false);
  });

  it('leaves strings, numbers, null and buffers alone', () => {
    const buffer = Buffer.from('secret');
    expect(redactSecrets('secret')).toBe('secret');
    expect(redactSecrets(3)).toBe(3);
    expect(redactSecrets(null)).toBeNull();
    expect(redactSecrets({ buffer }).buffer).toBe(buffer);
  });
});
