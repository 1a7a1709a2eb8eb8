// The PostgreSQL suite (`npm run test:postgres`): needs a server at DATABASE_URL.
const base = require('./jest.config.cts');

module.exports = {
  ...base,
  displayName: 'api-postgres',
  testMatch: ['<rootDir>/test/postgres/*.pg-spec.ts'],
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 60_000,
  maxWorkers: 1,
};
