// The PostgreSQL suite: needs a server (DATABASE_URL) and the built API (`npm run test:postgres`).
module.exports = {
  displayName: 'api-postgres',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  testMatch: ['<rootDir>/test/postgres/*.pg-spec.ts'],
  testTimeout: 60_000,
  maxWorkers: 1,
};
