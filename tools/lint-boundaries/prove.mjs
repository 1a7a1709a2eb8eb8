// Proves the module boundaries hold: each probe import is linted as if it were a file in that project
// (ESLint's lintText, so nothing is written into the tree), and a forbidden import must be reported,
// an allowed one must not. Run by `npm run lint`; exits 1 naming every case that does not hold.
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
// nx itself (a direct dependency) exports what @nx/devkit re-exports.
import { createProjectGraphAsync } from 'nx/src/devkit-exports.js';
import { ESLint } from 'eslint';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

const boundaries = ['@nx/enforce-module-boundaries', 'no-restricted-imports'];

// [project root, probe file inside it, import, whether the lint must refuse it]
const cases = [
  ['apps/api', 'src/probe.ts', '@lightbox/test-harness', 'forbidden'],
  ['apps/web', 'src/app/probe.ts', '@lightbox/test-harness', 'forbidden'],
  ['apps/web', 'src/app/probe.ts', 'ioredis', 'forbidden'],
  ['apps/web', 'src/app/probe.ts', 'node:fs', 'forbidden'],
  ['libs/auth-contracts', 'src/lib/probe.ts', 'node:fs', 'forbidden'],
  ['libs/auth-contracts', 'src/lib/probe.ts', 'fs', 'forbidden'],
  ['libs/auth-contracts', 'src/lib/probe.ts', 'ioredis', 'forbidden'],
  ['libs/auth-contracts', 'src/lib/probe.ts', '@nestjs/common', 'forbidden'],
  ['libs/test-harness', 'src/probe.ts', 'sharp', 'forbidden'],
  ['libs/auth-contracts', 'src/lib/probe.ts', 'zod', 'allowed'],
  ['apps/web', 'src/app/probe.ts', '@angular/core', 'allowed'],
  ['apps/web', 'src/app/probe.ts', '@lightbox/auth-contracts', 'allowed'],
  ['apps/web', 'src/app/probe.spec.ts', '@angular/core/testing', 'allowed'],
  ['apps/api', 'test/postgres/probe.pg-spec.ts', '@lightbox/test-harness', 'allowed'],
  ['apps/api', 'src/probe.ts', 'ioredis', 'allowed'],
  ['libs/test-harness', 'src/probe.ts', 'ioredis', 'allowed'],
];

// The boundary rule silently skips itself when no project graph is cached: make sure there is a fresh one.
process.chdir(root);
await createProjectGraphAsync({ exitOnError: true });

const linters = new Map();
const linterFor = (project) => {
  if (!linters.has(project)) linters.set(project, new ESLint({ cwd: join(root, project) }));
  return linters.get(project);
};

const failures = [];
for (const [project, file, imp, verdict] of cases) {
  const filePath = join(root, project, file);
  const code = `import * as probe from '${imp}';\n\nexport const used = probe;\n`;
  const [result] = await linterFor(project).lintText(code, { filePath });
  const refusals = result.messages.filter((m) => boundaries.includes(m.ruleId) && m.line === 1);
  const fatal = result.messages.filter((m) => m.fatal);
  const name = `${relative(root, filePath)} → ${imp} (${verdict})`;
  if (fatal.length) failures.push(`${name}: could not lint: ${fatal[0].message}`);
  else if (verdict === 'forbidden' && refusals.length === 0) failures.push(`${name}: the lint let it through`);
  else if (verdict === 'allowed' && refusals.length > 0) failures.push(`${name}: refused: ${refusals[0].message}`);
}

if (failures.length) {
  console.error(`Module boundaries do not hold:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`Module boundaries hold: ${cases.length} probe imports refused or allowed as they should be.`);
