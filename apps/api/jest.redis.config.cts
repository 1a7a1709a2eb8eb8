// The Redis suite (`npm run test:redis`): needs a server at REDIS_URL. Keys are the test's own.
const base = require('./jest.config.cts');

module.exports = {
  ...base,
  displayName: 'api-redis',
  testMatch: ['<rootDir>/test/redis/*.redis-spec.ts'],
  globalSetup: undefined,
  globalTeardown: undefined,
  maxWorkers: 1,
};
