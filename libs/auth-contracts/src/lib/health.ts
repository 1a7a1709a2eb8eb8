import { z } from 'zod';

/**
 * The pattern every DTO follows: a strict zod schema (unknown fields are refused),
 * its inferred type under the same name, both exported from the package index.
 */
export const HealthSchema = z
  .strictObject({
    status: z.literal('ok').describe('Always `ok`: anything else is an error status.'),
    checks: z
      .record(z.string(), z.enum(['up', 'down']))
      .optional()
      .describe('Readiness only: each dependency and whether it answers.')
      .meta({ examples: [{ database: 'up', redis: 'up' }] }),
  })
  .meta({ id: 'Health' });

export type Health = z.infer<typeof HealthSchema>;
