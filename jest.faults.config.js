// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest reads this file as CommonJS
const base = require('./jest.config');

/**
 * The fault-injection tests (`npm run test:faults`): the platform in child processes, killed,
 * stopped and cut off from its database on purpose. One file at a time: each starts processes.
 */
/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.data/'],
  maxWorkers: 1,
  testTimeout: 180000,
};
