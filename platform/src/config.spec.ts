import { DEFAULT_DB_POOL_MAX, loadConfig } from './config';

describe('loadConfig', () => {
  describe('SOTTO_DB_POOL_MAX', () => {
    it("is the machine's connections per service for one process", () => {
      expect(loadConfig({}).SOTTO_DB_POOL_MAX).toBe(DEFAULT_DB_POOL_MAX);
      expect(DEFAULT_DB_POOL_MAX).toBe(8);
    });

    it("is each worker's share of them under SOTTO_WORKERS, two at least", () => {
      expect(loadConfig({ SOTTO_WORKERS: '2' }).SOTTO_DB_POOL_MAX).toBe(4);
      expect(loadConfig({ SOTTO_WORKERS: '3' }).SOTTO_DB_POOL_MAX).toBe(2);
      expect(loadConfig({ SOTTO_WORKERS: '16' }).SOTTO_DB_POOL_MAX).toBe(2);
    });

    it('is what the operator sets, whatever the workers', () => {
      expect(loadConfig({ SOTTO_DB_POOL_MAX: '5', SOTTO_WORKERS: '2' }).SOTTO_DB_POOL_MAX).toBe(5);
      expect(loadConfig({ SOTTO_DB_POOL_MAX: '' }).SOTTO_DB_POOL_MAX).toBe(DEFAULT_DB_POOL_MAX);
    });

    it('refuses what is not a positive whole number, with its name', () => {
      expect(() => loadConfig({ SOTTO_DB_POOL_MAX: '0' })).toThrow(/SOTTO_DB_POOL_MAX/);
      expect(() => loadConfig({ SOTTO_DB_POOL_MAX: 'many' })).toThrow(/SOTTO_DB_POOL_MAX/);
    });
  });
});
