import { runEveryStep } from './every-step';

describe('runEveryStep', () => {
  it('runs the steps in order and succeeds when all do', async () => {
    const ran: string[] = [];
    await runEveryStep([
      ['a', () => ran.push('a')],
      ['b', async () => void ran.push('b')],
    ]);
    expect(ran).toEqual(['a', 'b']);
  });

  it('runs the steps after a failure, then throws it with the step named', async () => {
    const ran: string[] = [];
    const attempt = runEveryStep([
      ['gateway', () => ran.push('gateway')],
      [
        'worker',
        async () => {
          throw new Error('still busy');
        },
      ],
      ['database', () => ran.push('database')],
    ]);
    await expect(attempt).rejects.toThrow('worker: still busy');
    expect(ran).toEqual(['gateway', 'database']);
  });

  it('reports every failure when several steps fail', async () => {
    const attempt = runEveryStep([
      [
        'one',
        () => {
          throw new Error('x');
        },
      ],
      ['two', () => Promise.reject(new Error('y'))],
    ]);
    await expect(attempt).rejects.toMatchObject({
      message: 'one: x; two: y',
      errors: [expect.any(Error), expect.any(Error)],
    });
  });
});
