import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

/** The PostgreSQL server the Postgres suites run against: DATABASE_URL, as `.ci/run` sets it. */
export function postgresUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is unset: the PostgreSQL suites need a server (see README)');
  return url;
}

/** A new, empty database on the same server as DATABASE_URL, so that every test starts clean. */
export async function createFreshDatabase(prefix = 'lightbox_test'): Promise<FreshDatabase> {
  const server = new URL(postgresUrl());
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: server.toString() });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
