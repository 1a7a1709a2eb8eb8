import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Image, ShareLinkEndReason, ShareTokenResponse } from '@lightbox/auth-contracts';
import { anAlbumAccess } from '../../testing/album-testing';
import { signIn } from '../../testing/auth-testing';
import { button, element, fakeObjectUrls, field, polyfillDialog } from '../../testing/dom';
import { anImage } from '../../testing/image-testing';
import { problem } from '../../testing/mfa-testing';
import { API_BASE } from '../core/api';
import { authInterceptor } from '../core/auth/auth-interceptor';
import { SharePage } from './share-page';

const ACCESS = `${API_BASE}/share-links/access`;
const LINK = 'lbs_7Hq2Xk9aR4mW1pLzT8vB3nC6dF0gJ5sY2hKq9e';
const ALBUM_IMAGES = `${API_BASE}/albums/album-Brittany/images`;
const aSingleImageAccess = (change: Partial<ShareTokenResponse> = {}) => anAlbumAccess({ shared: { kind: 'image', image_id: 'image-harbour' }, ...change });

/** A refusal of a request for bytes: its problem+json comes as a Blob, as a browser hands it over. */
function blobProblem(...[body, init]: ReturnType<typeof problem>) {
  return [new Blob([JSON.stringify(body)], { type: 'application/problem+json' }), init] as const;
}

describe('SharePage', () => {
  let http: HttpTestingController;
  let restoreDialog: () => void;
  let objectUrls: ReturnType<typeof fakeObjectUrls>;

  // Installed for the whole file: TestBed destroys the last page (which releases its URLs) after each test's own clean-up.
  beforeAll(() => (objectUrls = fakeObjectUrls()));
  afterAll(() => objectUrls.restore());

  beforeEach(() => {
    localStorage.clear();
    restoreDialog = polyfillDialog();
    objectUrls.held.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: 's/:token', component: SharePage }], withComponentInputBinding()),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    restoreDialog();
  });

  /** A visitor follows the link; the page asks to open it at once. */
  async function follow(link = LINK) {
    const harness = await RouterTestingHarness.create(`/s/${link}`);
    const page = harness.routeNativeElement as HTMLElement;
    /**
     * What an answer changed is on screen (stability alone would not wait for the page to take it
     * in). A few turns of the event loop: a refusal of bytes is read from its Blob (by jsdom's
     * FileReader, two turns) before the page sees it.
     */
    const rendered = async () => {
      for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setTimeout(resolve));
      await harness.fixture.whenStable();
    };
    const bytesOf = (variant: string) => http.match((request) => request.url.endsWith(`/${variant}`));
    return {
      page,
      rendered,
      opening: () => http.expectOne({ method: 'POST', url: ACCESS }),
      async answer(request: TestRequest, ...answer: Parameters<TestRequest['flush']>) {
        request.flush(...answer);
        await rendered();
      },
      heading: () => page.querySelector('h1')?.textContent?.trim(),
      alert: () => page.querySelector('[role=alert]')?.textContent?.trim(),
      albumImages: () => http.expectOne((request) => request.url === ALBUM_IMAGES),
      /** Answers every request for bytes of this kind with an image. */
      async showBytes(variant: 'thumbnail' | 'preview' | 'file') {
        const requests = bytesOf(variant);
        for (const request of requests) request.flush(new Blob(['webp'], { type: 'image/webp' }));
        await rendered();
        return requests;
      },
      bytesOf,
      async enterPassword(password: string) {
        const input = field(page, 'Password');
        input.value = password;
        button(page, 'Open').click();
        await rendered();
      },
    };
  }

  async function followToAlbum(images: Image[], access = anAlbumAccess()) {
    const visit = await follow();
    await visit.answer(visit.opening(), access);
    await visit.answer(visit.albumImages(), { items: images, next_cursor: null });
    await visit.showBytes('thumbnail');
    return visit;
  }

  it('opens the link with its token alone, and shows the album with its thumbnails', async () => {
    const visit = await follow();
    const opening = visit.opening();
    expect(opening.request.body).toEqual({ token: LINK });
    await visit.answer(opening, anAlbumAccess());
    expect(visit.heading()).toBe('Brittany');
    expect(visit.page.textContent).toContain('Summer by the sea.');

    await visit.answer(visit.albumImages(), { items: [anImage('harbour'), anImage('beach')], next_cursor: null });
    const thumbnails = await visit.showBytes('thumbnail');
    expect(thumbnails.map((request) => request.request.url)).toEqual([
      `${API_BASE}/images/image-harbour/thumbnail`,
      `${API_BASE}/images/image-beach/thumbnail`,
    ]);
    const shown = Array.from(visit.page.querySelectorAll<HTMLImageElement>('ul[aria-label=Images] img'));
    expect(shown.map((image) => [image.alt, image.getAttribute('src')?.startsWith('blob:')])).toEqual([
      ['harbour', true],
      ['beach', true],
    ]);
  });

  it("reads with the share token alone: never the signed-in user's bearer token, never in the address or in storage", async () => {
    await signIn('user-token');
    const visit = await follow();
    const opening = visit.opening();
    expect(opening.request.headers.has('Authorization')).toBe(false);
    await visit.answer(opening, anAlbumAccess({ share_token: 'share-token-1' }));

    const read = visit.albumImages();
    expect(read.request.headers.get('X-Share-Token')).toBe('share-token-1');
    expect(read.request.headers.has('Authorization')).toBe(false);
    expect(read.request.urlWithParams).not.toContain('share-token-1');
    await visit.answer(read, { items: [anImage('harbour')], next_cursor: null });
    const [thumbnail] = await visit.showBytes('thumbnail');
    expect(thumbnail.request.headers.get('X-Share-Token')).toBe('share-token-1');
    expect(thumbnail.request.headers.has('Authorization')).toBe(false);

    const stored = Object.keys(localStorage).map((key) => `${key}=${localStorage.getItem(key)}`).join(';');
    expect(stored).not.toContain('share-token-1');
  });

  it.each<[string, ReturnType<typeof problem>, string]>([
    ['an unknown link', problem(401, 'invalid_share_link'), 'This link does not work'],
    ['an expired link', problem(410, 'share_link_expired', { reason: 'expired' }), 'This link has expired'],
    ['a revoked link', problem(410, 'share_link_expired', { reason: 'revoked' }), 'This link has been turned off'],
    ['a used-up link', problem(410, 'share_link_expired', { reason: 'view_limit_reached' }), 'This link has been used up'],
  ])('says in words what happened to %s, and asks the person who sent it', async (_case, refusal, heading) => {
    const visit = await follow();
    await visit.answer(visit.opening(), ...refusal);
    expect(visit.heading()).toBe(heading);
    expect(visit.page.textContent).toMatch(/ask (the person who sent it|them)/i);
    expect(visit.page.querySelector('input')).toBeNull();
  });

  it('asks for the password, says when it is wrong, and opens the link with the right one', async () => {
    const visit = await follow();
    await visit.answer(visit.opening(), ...problem(401, 'share_link_password_required'));
    expect(visit.heading()).toBe('This link has a password');
    expect(visit.alert()).toBeUndefined();
    expect(document.activeElement).toBe(field(visit.page, 'Password'));

    await visit.enterPassword('not it at all');
    const wrong = visit.opening();
    expect(wrong.request.body).toEqual({ token: LINK, password: 'not it at all' });
    await visit.answer(wrong, ...problem(401, 'invalid_credentials'));
    expect(visit.alert()).toBe('Wrong password. Check it and try again.');
    expect(field(visit.page, 'Password').value).toBe('');
    expect(field(visit.page, 'Password').getAttribute('aria-invalid')).toBe('true');

    await visit.enterPassword('correct horse');
    await visit.answer(visit.opening(), anAlbumAccess());
    expect(visit.heading()).toBe('Brittany');
    await visit.answer(visit.albumImages(), { items: [], next_cursor: null });
    expect(visit.page.textContent).toContain('This album has no images to show.');
  });

  it('asks the visitor to wait after too many tries, for as long as the server says', async () => {
    const visit = await follow();
    await visit.answer(visit.opening(), ...problem(401, 'share_link_password_required'));
    await visit.enterPassword('guess number 6');
    await visit.answer(visit.opening(), ...problem(429, 'too_many_requests', {}, { 'Retry-After': '30' }));
    expect(visit.alert()).toBe('Too many attempts. Try again in 30 seconds.');
    expect(visit.heading()).toBe('This link has a password');
  });

  it('asks for nothing the visitor left empty', async () => {
    const visit = await follow();
    await visit.answer(visit.opening(), ...problem(401, 'share_link_password_required'));
    await visit.enterPassword('');
    http.expectNone({ method: 'POST', url: ACCESS });
    expect(visit.alert()).toBe('Enter the password.');
  });

  it.each([
    [true, ['Download']],
    [false, []],
  ])('offers the download of a single shared image only when the link allows it (%s)', async (allowed, buttons) => {
    const visit = await follow();
    await visit.answer(visit.opening(), aSingleImageAccess({ allow_download: allowed }));
    await visit.answer(http.expectOne(`${API_BASE}/images/image-harbour`), anImage('harbour'));
    const [preview] = await visit.showBytes('preview');
    expect(preview.request.headers.get('X-Share-Token')).toBe('share-token-1');
    expect(visit.heading()).toBe('harbour');
    const offered = Array.from(visit.page.querySelectorAll('button'), (candidate) => candidate.textContent?.trim());
    expect(offered).toEqual(buttons);
  });

  it.each([
    [true, true],
    [false, false],
  ])('the viewer shows an album image large, steps on, and offers its download only when allowed (%s)', async (allowed, offered) => {
    const visit = await followToAlbum([anImage('harbour'), anImage('beach')], anAlbumAccess({ allow_download: allowed }));
    button(visit.page, 'View harbour large').click();
    await visit.rendered();
    const viewer = element<HTMLDialogElement>(visit.page, 'dialog');
    expect(viewer.hasAttribute('open')).toBe(true);
    const [first] = await visit.showBytes('preview');
    expect(first.request.url).toBe(`${API_BASE}/images/image-harbour/preview`);
    expect(element(viewer, 'h2').textContent).toBe('harbour');
    expect(viewer.textContent).toContain('1 of 2');
    expect(viewer.textContent?.includes('Download')).toBe(offered);

    button(viewer, 'Next').click();
    await visit.rendered();
    const [second] = await visit.showBytes('preview');
    expect(second.request.url).toBe(`${API_BASE}/images/image-beach/preview`);
    expect(element(viewer, 'h2').textContent).toBe('beach');
    expect(button(viewer, 'Next').getAttribute('aria-disabled')).toBe('true');

    button(viewer, 'Close').click();
    await visit.rendered();
    expect(viewer.hasAttribute('open')).toBe(false);
  });

  it('downloads the original with the share token, under the image title', async () => {
    const saved: { name: string; type: string | undefined }[] = [];
    const clicked = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, type: objectUrls.held.get(this.href)?.type });
    });
    try {
      const visit = await follow();
      await visit.answer(visit.opening(), aSingleImageAccess({ allow_download: true }));
      await visit.answer(http.expectOne(`${API_BASE}/images/image-harbour`), anImage('harbour'));
      await visit.showBytes('preview');
      button(visit.page, 'Download').click();
      await visit.rendered();
      const [file] = visit.bytesOf('file');
      expect(file.request.headers.get('X-Share-Token')).toBe('share-token-1');
      file.flush(new Blob(['jpeg'], { type: 'image/jpeg' }));
      await visit.rendered();
      expect(saved).toEqual([{ name: 'harbour.jpg', type: 'image/jpeg' }]);
      expect(visit.alert()).toBeUndefined();
    } finally {
      clicked.mockRestore();
    }
  });

  it.each<[ShareLinkEndReason, string]>([
    ['revoked', 'This link has been turned off'],
    ['view_limit_reached', 'This link has been used up'],
  ])('ends the visit when a read finds the link %s meanwhile, even a read of bytes', async (reason, heading) => {
    const visit = await follow();
    await visit.answer(visit.opening(), anAlbumAccess());
    await visit.answer(visit.albumImages(), { items: [anImage('harbour')], next_cursor: null });
    const [thumbnail] = visit.bytesOf('thumbnail');
    await visit.answer(thumbnail, ...blobProblem(...problem(410, 'share_link_expired', { reason })));
    expect(visit.heading()).toBe(heading);
    expect(visit.page.querySelector('ul[aria-label=Images]')).toBeNull();
  });

  it('opens the link again once when the share token runs out, and sends each read again with the new one', async () => {
    const visit = await follow();
    await visit.answer(visit.opening(), anAlbumAccess({ share_token: 'share-token-1' }));
    await visit.answer(visit.albumImages(), { items: [anImage('harbour'), anImage('beach')], next_cursor: null });
    for (const thumbnail of visit.bytesOf('thumbnail')) thumbnail.flush(...blobProblem(...problem(401, 'token_expired')));
    await visit.rendered();

    const again = visit.opening(); // one, for both reads
    expect(again.request.body).toEqual({ token: LINK });
    await visit.answer(again, anAlbumAccess({ share_token: 'share-token-2' }));
    const retries = await visit.showBytes('thumbnail');
    expect(retries.map((retry) => retry.request.headers.get('X-Share-Token'))).toEqual(['share-token-2', 'share-token-2']);
    http.expectNone(ALBUM_IMAGES); // the album is the same: its list is not read again
    expect(visit.heading()).toBe('Brittany');
  });

  it('asks for the password again when the share token of a link with one runs out', async () => {
    const visit = await follow();
    await visit.answer(visit.opening(), ...problem(401, 'share_link_password_required'));
    await visit.enterPassword('correct horse');
    await visit.answer(visit.opening(), anAlbumAccess());
    await visit.answer(visit.albumImages(), { items: [anImage('harbour')], next_cursor: null });
    await visit.answer(visit.bytesOf('thumbnail')[0], ...blobProblem(...problem(401, 'token_expired')));
    const again = visit.opening();
    expect(again.request.body).toEqual({ token: LINK }); // the password was not kept
    await visit.answer(again, ...problem(401, 'share_link_password_required'));
    expect(visit.heading()).toBe('This link has a password');
    expect(visit.alert()).toBe('The link was open for a while: enter its password again.');
  });

  it('offers to try again when the server does not answer', async () => {
    const visit = await follow();
    visit.opening().error(new ProgressEvent('error'));
    await visit.rendered();
    expect(visit.heading()).toBe('The link could not be opened');
    expect(visit.alert()).toContain('does not answer');
    button(visit.page, 'Try again').click();
    await visit.answer(visit.opening(), ...problem(401, 'invalid_share_link'));
    expect(visit.heading()).toBe('This link does not work');
  });
});
