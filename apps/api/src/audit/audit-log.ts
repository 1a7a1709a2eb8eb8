import {
  AuditAction,
  AuditPage,
  AuditQuery,
  ErrorCode,
} from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { AuditEventRow } from '../database/schema';
import { AppError } from '../http/app-error';
import type { RequestContext } from '../http/request-context';
import { toAuditEvent } from './audit-event-view';
import { AuditEventsRepository } from './audit-events.repository';

export interface AuditRecord {
  action: AuditAction;
  outcome: 'success' | 'failure';
  /** A username, or `api_key:<prefix>`; omitted for anonymous attempts. */
  actor?: string;
  target?: string;
  details?: Record<string, unknown>;
}

/** Writes and reads the audit trail. Never give it a password, token or key: only names and prefixes. */
@Injectable()
export class AuditLog {
  constructor(private readonly events: AuditEventsRepository) {}

  record(context: RequestContext, event: AuditRecord): Promise<void> {
    return this.events.insert({
      action: event.action,
      outcome: event.outcome,
      actor: event.actor ?? null,
      target: event.target ?? null,
      details: event.details ?? null,
      ip: context.ip,
      userAgent: context.userAgent,
    });
  }

  async page(query: AuditQuery): Promise<AuditPage> {
    const rows = await this.events.page({
      action: query.action,
      actor: query.actor,
      excludeAction: query.exclude_action,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map(toAuditEvent),
      next_cursor: rows.length > query.limit && last ? encodeCursor(last) : null,
    };
  }
}

/** The cursor names the last event of a page; the database compares its exact timestamp. */
function encodeCursor(row: AuditEventRow): string {
  return Buffer.from(row.id).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!z.uuid().safeParse(id).success) {
    throw new AppError(ErrorCode.ValidationFailed, 'The cursor is not valid.', {
      errors: [{ path: 'cursor', message: 'Use the next_cursor of a previous page.' }],
    });
  }
  return id;
}
