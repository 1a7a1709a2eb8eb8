import type { AuditEvent } from '@lightbox/auth-contracts';
import type { AuditEventRow } from '../database/schema';

/** A stored event as `/api/v1/audit-events` shows it. */
export function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    at: row.at.toISOString(),
    action: row.action,
    outcome: row.outcome,
    actor: row.actor,
    target: row.target,
    ip: row.ip,
    user_agent: row.userAgent,
    details: row.details,
  };
}
