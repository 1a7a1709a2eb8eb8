import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { ShareLink } from '@lightbox/auth-contracts';
import { aShareLink } from '../../testing/album-testing';
import { button, element } from '../../testing/dom';
import { problem } from '../../testing/mfa-testing';
import { API_BASE } from '../core/api';
import { SharedLinksPage } from './shared-links-page';

const LINKS = `${API_BASE}/share-links`;

describe('SharedLinksPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'settings/shared-links', component: SharedLinksPage }], withComponentInputBinding()),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function openLinks(links: ShareLink[], url = '/settings/shared-links') {
    const harness = await RouterTestingHarness.create(url);
    const page = harness.routeNativeElement as HTMLElement;
    const rendered = async () => {
      await new Promise((resolve) => setTimeout(resolve));
      await harness.fixture.whenStable();
    };
    const list = http.expectOne((request) => request.url === LINKS);
    list.flush({ items: links, next_cursor: null });
    await rendered();
    return {
      page,
      list,
      rendered,
      async answer(request: TestRequest, ...answer: Parameters<TestRequest['flush']>) {
        request.flush(...answer);
        await rendered();
      },
      async click(name: string) {
        button(page, name).click();
        await rendered();
      },
      /** The texts of the cells in the link's row. */
      rowOf(label: string) {
        const rows = Array.from(page.querySelectorAll('tbody tr'), (row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent?.replace(/\s+/g, ' ').trim()));
        return rows.find((cells) => cells[0]?.startsWith(label));
      },
      alert: () => page.querySelector('[role=alert]')?.textContent?.trim(),
      notice: () => page.querySelector('[role=status]')?.textContent?.trim(),
    };
  }

  it('lists each link with what it opens, its status, views, expiry, downloads and password', async () => {
    const links = await openLinks([
      aShareLink('for grandma', { views: 3, max_views: 10, has_password: true, last_accessed_at: '2026-11-02T10:00:00.000Z' }),
      aShareLink('press', { target: { kind: 'image', image_id: 'image-harbour', title: 'harbour' }, allow_download: true, expires_at: null, status: 'view_limit_reached' }),
    ]);
    expect(links.rowOf('for grandma')?.slice(1, 8)).toEqual(['Brittany', 'active', '3 of 10', expect.stringContaining('2026'), 'Dec 1, 2026', 'no', 'yes']);
    expect(links.rowOf('press')?.slice(1, 8)).toEqual(['harbour', 'used up', '0', 'never', 'never', 'yes', 'no']);
    const targets = Array.from(links.page.querySelectorAll<HTMLAnchorElement>('tbody td:nth-child(2) a'), (link) => link.getAttribute('href'));
    expect(targets).toEqual(['/albums/album-Brittany', '/images/image-harbour']);
  });

  it('revokes a link only once the revoke is confirmed, and shows it revoked, in its place, with nothing left to change', async () => {
    const links = await openLinks([aShareLink('for grandma'), aShareLink('press')]);
    await links.click('Revoke for grandma…');
    http.expectNone({ method: 'DELETE', url: `${LINKS}/link-for-grandma` });
    await links.click('Revoke for grandma');
    http.expectOne({ method: 'DELETE', url: `${LINKS}/link-for-grandma` }).flush(null, { status: 204, statusText: 'No Content' });
    await links.rendered();
    const reread = http.expectOne({ method: 'GET', url: `${LINKS}/link-for-grandma` });
    await links.answer(reread, aShareLink('for grandma', { status: 'revoked', revoked_at: '2026-11-03T10:00:00.000Z' }));

    expect(links.rowOf('for grandma')?.[2]).toBe('revoked');
    expect(links.notice()).toBe('The link for grandma no longer opens.');
    expect(() => button(links.page, 'Revoke for grandma…')).toThrow();
    expect(() => button(links.page, 'Allow downloads by for grandma')).toThrow();
    const order = Array.from(links.page.querySelectorAll('tbody tr td:first-child'), (cell) => cell.textContent?.trim().split(' ')[0]);
    expect(order).toEqual(['for', 'press']);
  });

  it('leaves the link alone when the revoke is cancelled', async () => {
    const links = await openLinks([aShareLink('for grandma')]);
    await links.click('Revoke for grandma…');
    await links.click('Cancel');
    http.expectNone({ method: 'DELETE', url: `${LINKS}/link-for-grandma` });
    expect(button(links.page, 'Revoke for grandma…')).toBeTruthy();
  });

  it('says why when the server refuses the revoke, and keeps the link as it was', async () => {
    const links = await openLinks([aShareLink('for grandma')]);
    await links.click('Revoke for grandma…');
    await links.click('Revoke for grandma');
    await links.answer(http.expectOne({ method: 'DELETE', url: `${LINKS}/link-for-grandma` }), ...problem(404, 'not_found'));
    expect(links.alert()).toContain('not there any more');
    expect(links.rowOf('for grandma')?.[2]).toBe('active');
  });

  it('allows downloads, and changes the expiry to the one chosen', async () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-01T10:00:00.000Z'));
    try {
      const links = await openLinks([aShareLink('for grandma')]);
      await links.click('Allow downloads by for grandma');
      const allow = http.expectOne({ method: 'PATCH', url: `${LINKS}/link-for-grandma` });
      expect(allow.request.body).toEqual({ allow_download: true });
      await links.answer(allow, aShareLink('for grandma', { allow_download: true }));
      expect(links.rowOf('for grandma')?.[6]).toBe('yes');
      expect(button(links.page, 'Stop downloads by for grandma')).toBeTruthy();

      await links.click('Change the expiry of for grandma…');
      element<HTMLSelectElement>(links.page, 'select[aria-label^="New expiry of for grandma"]').value = '7';
      await links.click('Set the expiry of for grandma');
      const expiry = http.expectOne({ method: 'PATCH', url: `${LINKS}/link-for-grandma` });
      expect(expiry.request.body).toEqual({ expires_at: '2026-11-08T10:00:00.000Z' });
      await links.answer(expiry, aShareLink('for grandma', { expires_at: '2026-11-08T10:00:00.000Z' }));

      await links.click('Change the expiry of for grandma…');
      element<HTMLSelectElement>(links.page, 'select[aria-label^="New expiry of for grandma"]').value = 'never';
      await links.click('Set the expiry of for grandma');
      const never = http.expectOne({ method: 'PATCH', url: `${LINKS}/link-for-grandma` });
      expect(never.request.body).toEqual({ expires_at: null });
      await links.answer(never, aShareLink('for grandma', { expires_at: null }));
      expect(links.rowOf('for grandma')?.[5]).toBe('never');
    } finally {
      now.mockRestore();
    }
  });

  it('shows who opened a link, on demand', async () => {
    const links = await openLinks([aShareLink('for grandma')]);
    const log = button(links.page, 'Who opened for grandma');
    expect(log.getAttribute('aria-expanded')).toBe('false');
    await links.click('Who opened for grandma');
    expect(log.getAttribute('aria-expanded')).toBe('true');
    const accesses = http.expectOne(`${LINKS}/link-for-grandma/accesses`);
    await links.answer(accesses, {
      items: [{ at: '2026-11-02T10:00:00.000Z', action: 'viewed', image_id: 'image-harbour', ip: '192.0.2.7', user_agent: 'Firefox' }],
      next_cursor: null,
    });
    const entry = element(links.page, `#log-link-for-grandma tbody tr`).textContent?.replace(/\s+/g, ' ');
    expect(entry).toContain('Looked at an image');
    expect(entry).toContain('192.0.2.7');
    await links.click('Who opened for grandma');
    expect(links.page.querySelector('#log-link-for-grandma')).toBeNull();
  });

  it("lists only an album's links when its page sent the person here", async () => {
    const harness = await RouterTestingHarness.create('/settings/shared-links?album=album-Brittany');
    const list = http.expectOne((request) => request.url === LINKS);
    expect(list.request.params.toString()).toBe('album_id=album-Brittany');
    list.flush({ items: [], next_cursor: null });
    await harness.fixture.whenStable();
    expect((harness.routeNativeElement as HTMLElement).textContent).toContain('Show all links');
  });
});
