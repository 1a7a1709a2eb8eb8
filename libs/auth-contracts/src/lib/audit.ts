import { z } from 'zod';
import { AUDIT_ACTIONS } from './audit-actions';
import { noNul } from './auth';

export const AuditEventSchema = z.strictObject({
  id: z.uuid(),
  at: z.iso.datetime(),
  action: z.enum(AUDIT_ACTIONS),
  outcome: z.enum(['success', 'failure']),
  actor: z.string().nullable(),
  target: z.string().nullable(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const AuditQuerySchema = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  action: z.enum(AUDIT_ACTIONS).optional(),
  actor: noNul(100).optional(),
});

export const AuditPageSchema = z.strictObject({
  items: z.array(AuditEventSchema),
  next_cursor: z.string().nullable(),
});

export type AuditEvent = z.infer<typeof AuditEventSchema>;
export type AuditQuery = z.infer<typeof AuditQuerySchema>;
export type AuditPage = z.infer<typeof AuditPageSchema>;
