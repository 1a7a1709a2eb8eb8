import { z } from 'zod';
import { AUDIT_ACTIONS } from './audit-actions';
import { noNul } from './auth';

export const AuditActionSchema = z.enum(AUDIT_ACTIONS).meta({ id: 'AuditAction', description: 'What happened.' });

export const AuditEventSchema = z
  .strictObject({
    id: z.uuid(),
    at: z.iso.datetime().describe('When it happened.'),
    action: AuditActionSchema,
    outcome: z.enum(['success', 'failure']).describe('`failure` for refused attempts, such as a wrong password.'),
    actor: z.string().nullable().describe('Who did it: a username, `api_key:<prefix>` for an API key, `lightbox-cli` for the operator; `null` when unknown.'),
    target: z.string().nullable().describe('What it was done to, such as a username or an id.'),
    ip: z.string().nullable().describe('The client’s address, as the proxy settings allow it to be known.'),
    user_agent: z.string().nullable().describe('The client’s User-Agent, shortened.'),
    details: z.record(z.string(), z.unknown()).nullable().describe('More about it, by action; never a secret.'),
  })
  .meta({ id: 'AuditEvent', description: 'A security-relevant event: logins, changes to users and keys, uploads and deletions.' });

export const AuditQuerySchema = z.strictObject({
  cursor: z.string().max(200).optional().describe('`next_cursor` of the previous page, as it was given.'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Events per page.'),
  action: AuditActionSchema.optional().describe('Only events of this action.'),
  actor: noNul(100).optional().describe('Only events by this actor.'),
  exclude_action: AuditActionSchema.optional().describe('Leave out the events of this action, such as `token.refreshed`: one for every quarter of an hour of every session.'),
});

export const AuditPageSchema = z
  .strictObject({
    items: z.array(AuditEventSchema),
    next_cursor: z.string().nullable().describe('Pass as `cursor` for the next page; `null` on the last page.'),
  })
  .meta({ id: 'AuditPage', description: 'One page of events, newest first.' });

export type AuditEvent = z.infer<typeof AuditEventSchema>;
export type AuditQuery = z.infer<typeof AuditQuerySchema>;
export type AuditPage = z.infer<typeof AuditPageSchema>;
