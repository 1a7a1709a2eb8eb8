import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { ErrorCode } from '@lightbox/auth-contracts';
import { aUser, signIn } from '../../testing/auth-testing';
import { button, fakeObjectUrls } from '../../testing/dom';
import { anImage } from '../../testing/image-testing';
import { API_BASE } from '../core/api';
import { UploadPage } from './upload-page';

describe('UploadPage', () => {
  let http: HttpTestingController;
  let objectUrls: ReturnType<typeof fakeObjectUrls>;

  beforeAll(() => (objectUrls = fakeObjectUrls()));
  afterAll(() => objectUrls.restore());

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: 'upload', component: UploadPage }])],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function openUpload() {
    await signIn('token', aUser(['images:read', 'images:write']));
    const harness = await RouterTestingHarness.create('/upload');
    const page = harness.routeNativeElement as HTMLElement;
    const rendered = async () => {
      await new Promise((resolve) => setTimeout(resolve));
      await harness.fixture.whenStable();
    };
    const rows = () => Array.from(page.querySelectorAll('ul[aria-label="Files to upload"] li'));
    return {
      page,
      rendered,
      rows,
      async choose(...files: File[]) {
        const input = page.querySelector<HTMLInputElement>('input[type=file]');
        if (!input) throw new Error('No file input');
        Object.defineProperty(input, 'files', { value: files, configurable: true });
        input.dispatchEvent(new Event('change'));
        await rendered();
      },
      /** Each row as it reads: the preview (an image, or the placeholder's text), then its words. */
      shown: () =>
        rows().map((row) => ({
          preview: row.querySelector('img')?.getAttribute('src') ?? row.querySelector('.placeholder')?.textContent?.trim(),
          alert: row.querySelector('[role=alert]')?.textContent?.trim(),
        })),
      async click(name: string) {
        button(page, name).click();
        await rendered();
      },
    };
  }

  const jpeg = (name: string) => new File(['jpeg'], name, { type: 'image/jpeg' });

  it('refuses a text file in the queue, with a placeholder instead of a broken preview, and never sends it', async () => {
    const upload = await openUpload();
    await upload.choose(jpeg('harbour.jpg'), new File(['hello'], 'notes.txt', { type: 'text/plain' }));

    expect(upload.shown()).toEqual([
      { preview: expect.stringMatching(/^blob:/), alert: undefined },
      { preview: 'TXT', alert: 'Not an image. Lightbox takes JPEG, PNG, WebP, GIF and AVIF images only.' },
    ]);
    await upload.click('Upload');
    const sent = http.expectOne({ method: 'POST', url: `${API_BASE}/images` });
    expect((sent.request.body as FormData).get('title')).toBe('harbour');
    sent.flush(anImage('harbour'));
    await upload.rendered();

    // Only the image went; the refused file waits to be removed, and the button has nothing left to send.
    expect(upload.rows()[0].textContent).toContain('Uploaded.');
    expect(button(upload.page, 'Upload').disabled).toBe(true);
    await upload.click('Remove notes.txt');
    expect(upload.rows()).toHaveLength(1);
  });

  it('shows the placeholder when a file named like an image does not decode, and lets the server judge it', async () => {
    const upload = await openUpload();
    await upload.choose(jpeg('broken.jpg'));
    const preview = upload.shown()[0].preview ?? '';
    upload.page.querySelector('img')?.dispatchEvent(new Event('error'));
    await upload.rendered();

    expect(upload.shown()).toEqual([{ preview: 'JPG', alert: undefined }]);
    expect(objectUrls.held.has(preview)).toBe(false);
    await upload.click('Upload');
    http
      .expectOne({ method: 'POST', url: `${API_BASE}/images` })
      .flush({ code: ErrorCode.UnsupportedMediaType, title: 'Unsupported Media Type', status: 415 }, { status: 415, statusText: 'Unsupported Media Type' });
    await upload.rendered();
    expect(upload.shown()).toEqual([{ preview: 'JPG', alert: 'Lightbox takes JPEG, PNG, WebP, GIF and AVIF images only.' }]);
  });

  it('leaves a file of a type the browser does not know to the server, which reads its bytes', async () => {
    const upload = await openUpload();
    await upload.choose(new File(['jpeg'], 'scan', { type: '' }));
    expect(upload.shown()).toEqual([{ preview: expect.stringMatching(/^blob:/), alert: undefined }]);
    await upload.click('Upload');
    http.expectOne({ method: 'POST', url: `${API_BASE}/images` }).flush(anImage('scan'));
    await upload.rendered();
    expect(upload.rows()[0].textContent).toContain('Uploaded.');
  });
});
