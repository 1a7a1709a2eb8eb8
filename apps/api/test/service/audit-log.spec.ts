import { AuditLog } from '../../src/audit/audit-log';
import { AuditModule } from '../../src/audit/audit.module';
import { auditEvents } from '../../src/database/schema';
import { startServices, TestServices } from '../support/test-services';

const CONTEXT = { ip: '192.0.2.1', userAgent: 'jest' };

describe('the audit log', () => {
  let s: TestServices;
  let audit: AuditLog;
  beforeAll(async () => {
    s = await startServices([AuditModule]);
    audit = s.get(AuditLog);
  });
  beforeEach(() => s.reset());
  afterAll(() => s.close());

  /** Every page of a query, following next_cursor, as the targets in order. */
  async function walk(query: { action?: 'logout' | 'login.failed'; actor?: string }, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await audit.page({ ...query, limit, cursor });
      seen.push(...page.items.map((event) => event.target ?? ''));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    return seen;
  }

  /** Events a second apart (the database's now() has millisecond ties when written in a row). */
  const seed = (events: { action: 'logout' | 'login.failed'; actor?: string; target: string }[]) =>
    s.database.db.insert(auditEvents).values(
      events.map((event, i) => ({ outcome: 'success' as const, actor: null, ...event, at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) })),
    );

  it('records an event with the request it came from', async () => {
    await audit.record(CONTEXT, { action: 'logout', outcome: 'success', actor: 'someone', target: 'n1' });
    const [event, ...others] = (await audit.page({ limit: 10 })).items;
    expect(others).toEqual([]);
    expect(event).toMatchObject({ action: 'logout', outcome: 'success', actor: 'someone', target: 'n1', ip: '192.0.2.1', user_agent: 'jest' });
  });

  it('pages newest first with a cursor, each event once', async () => {
    await seed([1, 2, 3, 4, 5].map((n) => ({ action: 'logout', actor: 'someone', target: `n${n}` })));
    expect(await walk({}, 2)).toEqual(['n5', 'n4', 'n3', 'n2', 'n1']);
  });

  it('skips no event when several share a timestamp', async () => {
    const at = new Date('2001-02-03T04:05:06.789Z');
    await s.database.db.insert(auditEvents).values([1, 2, 3].map((n) => ({ action: 'logout' as const, outcome: 'success' as const, actor: 'same-ms', at, target: `n${n}` })));
    expect((await walk({ actor: 'same-ms' }, 1)).sort()).toEqual(['n1', 'n2', 'n3']);
  });

  it('filters by action and by actor', async () => {
    await seed([
      { action: 'logout', actor: 'ann', target: 'a' },
      { action: 'login.failed', target: 'b' },
      { action: 'logout', actor: 'bob', target: 'c' },
    ]);
    expect(await walk({ action: 'logout' }, 10)).toEqual(['c', 'a']);
    expect(await walk({ actor: 'ann' }, 10)).toEqual(['a']);
  });

  it('refuses a cursor it did not give out', async () => {
    await expect(audit.page({ limit: 1, cursor: Buffer.from('not an id').toString('base64url') })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
