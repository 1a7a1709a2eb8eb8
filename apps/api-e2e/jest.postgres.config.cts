// Several real API processes on one PostgreSQL server (DATABASE_URL): `npm run test:postgres`.
const base = require('./jest.config.cts');

module.exports = {
  ...base,
  displayName: 'api-e2e-postgres',
  testMatch: ['<rootDir>/src/**/*.pg-spec.ts'],
  maxWorkers: 1,
};
