import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { AuditEvent } from '@lightbox/auth-contracts';
import { button, element } from '../../testing/dom';
import { API_BASE } from '../core/api';
import { AuditPage } from './audit-page';

const EVENTS = `${API_BASE}/audit-events`;

function anEvent(action: AuditEvent['action'], change: Partial<AuditEvent> = {}): AuditEvent {
  return { id: `event-${action}`, at: '2026-11-01T10:00:00.000Z', action, outcome: 'success', actor: 'ada', target: null, ip: '10.0.0.1', user_agent: null, details: null, ...change };
}

describe('AuditPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: 'admin/audit', component: AuditPage }], withComponentInputBinding())],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function openAudit(url: string) {
    const harness = await RouterTestingHarness.create(url);
    const page = harness.routeNativeElement as HTMLElement;
    const settle = async () => {
      await new Promise((resolve) => setTimeout(resolve));
      await harness.fixture.whenStable();
    };
    return {
      page,
      settle,
      /** The page request out now, by its query. */
      request: () => http.expectOne((request) => request.url === EVENTS),
      async filter(action: string, actor: string, showRefreshes: boolean) {
        element<HTMLSelectElement>(page, 'select').value = action;
        element<HTMLInputElement>(page, 'input[placeholder=username]').value = actor;
        element<HTMLInputElement>(page, 'input[type=checkbox]').checked = showRefreshes;
        button(page, 'Filter').click();
        await settle();
      },
    };
  }

  it('leaves token refreshes out unless asked for, and keeps the filter in the address', async () => {
    const audit = await openAudit('/admin/audit');
    const first = audit.request();
    expect(first.request.params.toString()).toBe('exclude_action=token.refreshed');
    first.flush({ items: [], next_cursor: null });

    await audit.filter('', ' ada ', true);
    expect(TestBed.inject(Router).url).toBe('/admin/audit?actor=ada&refreshes=shown');
    const filtered = audit.request();
    expect(filtered.request.params.toString()).toBe('actor=ada');
    filtered.flush({ items: [anEvent('token.refreshed')], next_cursor: null });
    await audit.settle();
    expect(audit.page.querySelector('tbody code')?.textContent).toBe('token.refreshed');
  });

  it('opens with the filter the address names, and shows it chosen', async () => {
    const audit = await openAudit('/admin/audit?action=login.failed&actor=grace');
    const request = audit.request();
    expect(request.request.params.toString()).toBe('action=login.failed&actor=grace');
    request.flush({ items: [], next_cursor: null });
    await audit.settle();
    expect(element<HTMLSelectElement>(audit.page, 'select').value).toBe('login.failed');
    expect(element<HTMLInputElement>(audit.page, 'input[placeholder=username]').value).toBe('grace');
  });

  it('names what an event was done to, linked while it exists', async () => {
    const audit = await openAudit('/admin/audit');
    audit.request().flush({
      items: [
        anEvent('image.uploaded', { id: 'a', target: 'image:image-harbour', details: { title: 'harbour' } }),
        anEvent('image.deleted', { id: 'b', target: 'image:image-wreck', details: { title: 'wreck' } }),
      ],
      next_cursor: null,
    });
    await audit.settle();
    const targets = Array.from(audit.page.querySelectorAll('tbody td:nth-child(5)'), (cell) => ({
      text: cell.textContent?.trim(),
      href: cell.querySelector('a')?.getAttribute('href') ?? null,
    }));
    expect(targets).toEqual([
      { text: 'Image “harbour”', href: '/images/image-harbour' },
      { text: 'Image “wreck”', href: null },
    ]);
    expect(audit.page.textContent).not.toContain('image:image-harbour');
  });
});
