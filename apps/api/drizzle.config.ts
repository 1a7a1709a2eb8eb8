import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` turns changes to schema.ts into a new SQL migration; commit it.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/database/schema.ts',
  out: './src/database/migrations',
});
