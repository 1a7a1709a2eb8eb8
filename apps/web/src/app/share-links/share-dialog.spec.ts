import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { CreateShareLinkRequest, ShareLinkTarget } from '@lightbox/auth-contracts';
import { aCreatedShareLink, aShareLink } from '../../testing/album-testing';
import { button, element, field, polyfillDialog } from '../../testing/dom';
import { problem } from '../../testing/mfa-testing';
import { API_BASE } from '../core/api';
import { ShareDialog } from './share-dialog';

const ALBUM: ShareLinkTarget = { kind: 'album', album_id: 'album-Brittany', title: 'Brittany' };
const CREATE = `${API_BASE}/albums/album-Brittany/share-links`;
const NOW = Date.parse('2026-11-01T10:00:00.000Z');

describe('ShareDialog', () => {
  let http: HttpTestingController;
  let restoreDialog: () => void;
  let now: jest.SpyInstance;

  beforeEach(() => {
    restoreDialog = polyfillDialog();
    now = jest.spyOn(Date, 'now').mockReturnValue(NOW);
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    now.mockRestore();
    restoreDialog();
  });

  /** The dialog, opened from a Share button that had focus. */
  async function openFor(target = ALBUM) {
    const opener = document.body.appendChild(Object.assign(document.createElement('button'), { textContent: 'Share…' }));
    opener.focus();
    const fixture = TestBed.createComponent(ShareDialog);
    document.body.appendChild(fixture.nativeElement);
    await fixture.whenStable();
    fixture.componentInstance.open(target);
    const dialog = element<HTMLDialogElement>(fixture.nativeElement, 'dialog');
    const rendered = async () => {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    };
    await rendered();
    return {
      dialog,
      opener,
      rendered,
      alert: () => dialog.querySelector('[role=alert]')?.textContent?.trim(),
      fill(label: string, value: string) {
        const input = field(dialog, label);
        input.value = value;
        input.dispatchEvent(new Event('input'));
      },
      choose(label: string, option: string) {
        const select = Array.from(dialog.querySelectorAll('label')).find((candidate) => candidate.querySelector('span')?.textContent?.trim() === label)?.querySelector('select');
        if (!select) throw new Error(`No list is labelled ${label}`);
        const index = Array.from(select.options).findIndex((candidate) => candidate.textContent?.trim() === option);
        if (index < 0) throw new Error(`${label} offers no ${option}`);
        select.selectedIndex = index;
        select.dispatchEvent(new Event('change'));
      },
      async create() {
        button(dialog, 'Create link').click();
        await rendered();
      },
      cleanUp() {
        opener.remove();
        fixture.nativeElement.remove();
      },
    };
  }

  it.each<[string, Partial<CreateShareLinkRequest>]>([
    ['1 day', { expires_at: '2026-11-02T10:00:00.000Z' }],
    ['7 days', { expires_at: '2026-11-08T10:00:00.000Z' }],
    // The usual lifetime is the server's to apply: it is left out.
    ['30 days', {}],
    ['1 year', { expires_at: '2027-11-01T10:00:00.000Z' }],
    // "Never" is said explicitly, as the API asks.
    ['Never expires', { expires_at: null }],
  ])('a link that expires after %s asks for that expiry', async (lifetime, expiry) => {
    const share = await openFor();
    share.choose('Expires after', lifetime);
    await share.create();
    const create = http.expectOne({ method: 'POST', url: CREATE });
    expect(create.request.body).toEqual({ label: '', allow_download: false, ...expiry });
    create.flush(aCreatedShareLink(aShareLink('')));
    await share.rendered();
    share.cleanUp();
  });

  it('opens on its first field with 30 days and no downloads chosen, and sends the label, password, downloads and views given', async () => {
    const share = await openFor();
    expect(share.dialog.hasAttribute('open')).toBe(true);
    expect(document.activeElement).toBe(field(share.dialog, 'Label'));
    expect(element<HTMLSelectElement>(share.dialog, 'select').selectedOptions[0].textContent?.trim()).toBe('30 days');
    expect(element<HTMLInputElement>(share.dialog, 'input[type=checkbox]').checked).toBe(false);

    share.fill('Label', '  for grandma ');
    share.fill('Password', 'long enough');
    share.fill('Most views', '5');
    element<HTMLInputElement>(share.dialog, 'input[type=checkbox]').click();
    await share.create();
    const create = http.expectOne({ method: 'POST', url: CREATE });
    expect(create.request.body).toEqual({ label: 'for grandma', allow_download: true, password: 'long enough', max_views: 5 });
    create.flush(aCreatedShareLink(aShareLink('for grandma')));
    await share.rendered();
    share.cleanUp();
  });

  it.each([
    ['a password that is too short', 'Password', 'short', 'Use at least 8 characters for the password, or none.'],
    ['no view at all', 'Most views', '0', 'The number of views is a whole number, 1 or more; leave it empty for no limit.'],
  ])('refuses %s without asking the server', async (_case, label, value, message) => {
    const share = await openFor();
    share.fill(label, value);
    await share.create();
    http.expectNone({ method: 'POST', url: CREATE });
    expect(share.alert()).toBe(message);
    share.cleanUp();
  });

  it('shows the new link once, with Copy and a QR code, and forgets it when closed, giving focus back', async () => {
    const share = await openFor();
    await share.create();
    const link = aCreatedShareLink(aShareLink(''), 'lbs_secret-token-shown-once');
    http.expectOne({ method: 'POST', url: CREATE }).flush(link);
    await share.rendered();
    expect(element(share.dialog, '[data-testid=share-url]').textContent).toBe('http://localhost/s/lbs_secret-token-shown-once');
    expect(document.activeElement).toBe(element(share.dialog, 'h2'));
    expect(button(share.dialog, 'Copy')).toBeTruthy();
    for (let turn = 0; turn < 5 && !share.dialog.querySelector('img'); turn++) await share.rendered(); // the encoder loads
    const qr = element<HTMLImageElement>(share.dialog, 'img');
    expect(qr.alt).toContain('QR code');
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);

    button(share.dialog, 'Done').click();
    await share.rendered();
    expect(share.dialog.hasAttribute('open')).toBe(false);
    expect(share.dialog.innerHTML).not.toContain('lbs_secret-token-shown-once');
    expect(document.activeElement).toBe(share.opener);
    share.cleanUp();
  });

  it('shares an image at its own address, and says why when the server refuses', async () => {
    const share = await openFor({ kind: 'image', image_id: 'image-harbour', title: '' });
    expect(element(share.dialog, 'h2').textContent).toBe('Share this image');
    await share.create();
    http.expectOne({ method: 'POST', url: `${API_BASE}/images/image-harbour/share-links` }).flush(...problem(403, 'not_owner'));
    await share.rendered();
    expect(share.alert()).toBe('Only its owner (or an admin) can change this.');
    expect(share.dialog.hasAttribute('open')).toBe(true);
    share.cleanUp();
  });
});
