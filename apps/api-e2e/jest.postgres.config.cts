// Several real API processes on one PostgreSQL database (DATABASE_URL): `npm run test:postgres`.
module.exports = {
  displayName: 'api-e2e-postgres',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  testMatch: ['<rootDir>/src/**/*.pg-spec.ts'],
  testTimeout: 60_000,
  maxWorkers: 1,
};
