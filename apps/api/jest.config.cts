module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  // Three tiers: unit beside the code (src/), service and http under test/ (see the README).
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/service/*.spec.ts', '<rootDir>/test/http/*.spec.ts'],
  // Migrates one PGlite once; every test file then starts from a copy of it (see test/support).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // PGlite loads its WebAssembly through a dynamic import(): Jest needs --experimental-vm-modules
  // (set on the test target in project.json). A file's first app start can take seconds on a busy machine.
  testTimeout: 30_000,
  coverageDirectory: '../../coverage/apps/api',
};
