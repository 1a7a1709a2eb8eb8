#!/usr/bin/env node
// Prints an argon2id hash for OWNER_PASSWORD_HASH, so the password itself need not sit in the
// environment. Reads the password from standard input (not argv: argv shows up in `ps`).
//   npm run --silent hash-password < password.txt
import { hash } from '@node-rs/argon2';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
if ([...password].length < 12 || [...password].length > 256) {
  process.stderr.write('The password must be 12–256 characters.\n');
  process.exit(1);
}
// The same parameters as the API (DESIGN.md §2); 2 is Algorithm.Argon2id.
process.stdout.write(`${await hash(password, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 })}\n`);
