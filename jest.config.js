/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/**/test/**/*.test.ts'],
  // Fault-injection tests start and kill processes: `npm run test:faults` (jest.faults.config.js).
  testPathIgnorePatterns: ['/node_modules/', '/.data/', '<rootDir>/test/faults/'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  maxWorkers: 2,
  // Generous: suites boot the whole platform, and a loaded 2-core machine slows hooks down.
  testTimeout: 60000,
};
