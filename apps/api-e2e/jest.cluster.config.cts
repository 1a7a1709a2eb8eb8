// Several API processes on one PostgreSQL database and one Redis (DATABASE_URL, REDIS_URL): `npm run test:cluster`.
const base = require('./jest.config.cts');

module.exports = {
  ...base,
  displayName: 'api-e2e-cluster',
  testMatch: ['<rootDir>/src/**/*.cluster-spec.ts'],
  maxWorkers: 1,
};
