import type { AuditAction } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { and, desc, eq, ne, SQL, sql } from 'drizzle-orm';
import type { Database } from '../database/database';
import { InjectDatabase } from '../database/database.module';
import { auditEvents, AuditEventRow } from '../database/schema';

export type NewAuditEvent = typeof auditEvents.$inferInsert;

export interface AuditFilter {
  action?: AuditAction;
  actor?: string;
  excludeAction?: AuditAction;
  /** Events after this one in the newest-first order (its own timestamp, to the microsecond, decides). */
  after?: string;
  limit: number;
}

@Injectable()
export class AuditEventsRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async insert(event: NewAuditEvent): Promise<void> {
    await this.db.insert(auditEvents).values(event);
  }

  page(filter: AuditFilter): Promise<AuditEventRow[]> {
    const conditions: (SQL | undefined)[] = [
      filter.action ? eq(auditEvents.action, filter.action) : undefined,
      filter.actor ? eq(auditEvents.actor, filter.actor) : undefined,
      filter.excludeAction ? ne(auditEvents.action, filter.excludeAction) : undefined,
      filter.after
        ? sql`(${auditEvents.at}, ${auditEvents.id}) < (select at, id from audit_events where id = ${filter.after})`
        : undefined,
    ];
    return this.db
      .select()
      .from(auditEvents)
      .where(and(...conditions))
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(filter.limit);
  }
}
