import { forbiddenTargetReason, isForbiddenAddress, targetUrlProblem } from './target-url';

describe('webhook target URLs', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.10',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    'not an address',
  ])('%s is not a public address', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111'])('%s is public', (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });

  it('takes absolute http(s) URLs without credentials', () => {
    expect(targetUrlProblem('https://example.com/hooks')).toBeNull();
    expect(targetUrlProblem('http://example.com:8080/hooks')).toBeNull();
    expect(targetUrlProblem('ftp://example.com/')).not.toBeNull();
    expect(targetUrlProblem('/relative')).not.toBeNull();
    expect(targetUrlProblem('https://user:pass@example.com/')).not.toBeNull();
  });

  it('refuses private targets outside the sandbox, and allows them in it', async () => {
    expect(await forbiddenTargetReason('http://127.0.0.1:3000/x', 'sandbox')).toBeNull();
    expect(await forbiddenTargetReason('http://127.0.0.1:3000/x', 'production')).toMatch(
      /127\.0\.0\.1/,
    );
    expect(await forbiddenTargetReason('http://[::1]/x', 'staging')).toMatch(/::1/);
    expect(await forbiddenTargetReason('http://localhost/x', 'production')).not.toBeNull();
  });
});
