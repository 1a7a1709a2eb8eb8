// Boots the production build (dist/apps/api, with dist/apps/web) as a real process.
module.exports = {
  displayName: 'api-e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // Above the harness's start budget (60 s), so that a slow start fails with its own message.
  testTimeout: 90_000,
};
