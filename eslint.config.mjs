import { builtinModules } from 'node:module';
import nx from '@nx/eslint-plugin';

// Test code in every tier: unit specs beside the code, apps/api/test, the SPA's src/testing, e2e suites.
export const testFiles = [
  '**/*.spec.ts',
  '**/*.*-spec.ts',
  '**/*.e2e.ts',
  '**/test/**',
  '**/testing/**',
  '**/test-setup.ts',
];

// The tools' own configuration (eslint, jest, webpack, drizzle): build tooling, not app code.
const configFiles = ['**/*.config.*'];

// What the SPA's own code imports from npm; anything else (ioredis, pg, node:*) is a server's business.
// @simplewebauthn/browser is the browser half of the passkey ceremonies, behind core/auth/passkeys.ts;
// bowser names a session's device, behind settings/device-name.ts; lucide is the icon set, drawn by core/icon.ts.
const webPackages = ['@angular/*', 'rxjs', 'rxjs/*', '@simplewebauthn/browser', 'qrcode', 'bowser', 'lucide'];

// Constraints that hold for every file, production or test.
const everywhere = [
  // The contracts are the one thing every side shares: zod only, no framework.
  {
    sourceTag: 'type:contracts',
    onlyDependOnLibsWithTags: ['type:contracts'],
    allowedExternalImports: ['zod'],
  },
  {
    sourceTag: 'scope:api',
    onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'],
    bannedExternalImports: ['@angular/*'],
  },
  {
    sourceTag: 'scope:web',
    onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'],
    bannedExternalImports: ['@nestjs/*', 'fastify', '@fastify/*', 'drizzle-orm', 'pg', '@electric-sql/*'],
  },
  // e2e suites speak to the running app only: they may share contracts, never import an app.
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  // The harness starts the API as a process, gives it a fresh PostgreSQL database and a Redis, and
  // holds answers to the OpenAPI document (ajv), and makes passkeys in software (CBOR from @simplewebauthn).
  { sourceTag: 'type:testing', allowedExternalImports: ['pg', 'ioredis', 'ajv/dist/2020', 'ajv-formats', '@simplewebauthn/server/helpers'] },
];

const moduleBoundaries = (depConstraints) => [
  'error',
  {
    enforceBuildableLibDependency: true,
    allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
    depConstraints: [...everywhere, ...depConstraints],
  },
];

// Nx skips Node built-ins (they are not in the project graph), so browser code bans them itself.
export const noNodeBuiltins = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          regex: `^(node:|(${builtinModules.join('|')})(/|$))`,
          message: 'This code runs in a browser: Node built-ins are not available.',
        },
      ],
    },
  ],
};

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/node_modules', '**/.nx', 'data', '**/src/generated'],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs', '**/*.cts'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries([
        // An app ships without its test tooling.
        { sourceTag: 'type:app', notDependOnLibsWithTags: ['type:testing'] },
        { allSourceTags: ['scope:web', 'type:app'], allowedExternalImports: webPackages },
      ]),
    },
  },
  {
    files: testFiles,
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries([
        { allSourceTags: ['scope:web', 'type:app'], allowedExternalImports: [...webPackages, 'jest-preset-angular/*'] },
      ]),
    },
  },
  {
    files: configFiles,
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries([]) },
  },
];
