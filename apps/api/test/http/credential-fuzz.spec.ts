import fc from 'fast-check';
import { startTestApp, TestApp } from '../support/test-app';

/** Characters Node lets through in a header value: visible ASCII, space, tab and Latin-1. */
const headerValue = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', maxLength: 300 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes.filter((b) => b > 31 && b !== 127)).toString('latin1')),
  fc.string({ unit: 'grapheme-ascii', maxLength: 200 }).map((rest) => `Bearer ${rest}`),
  fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).map((rest) => `lbx_${rest}`),
);

describe('random credentials', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('never authenticate and never cause a 500', async () => {
    await fc.assert(
      fc.asyncProperty(headerValue, fc.constantFrom('authorization', 'x-api-key'), async (value, header) => {
        const protectedRoute = await t.http.get('/api/v1/auth/me').set(header, value);
        expect(protectedRoute.status).toBe(401);
        expect(protectedRoute.headers['content-type']).toContain('application/problem+json');
        const publicRoute = await t.http.get('/health').set(header, value);
        expect(publicRoute.status).toBe(200);
      }),
      { numRuns: 200 },
    );
  });
});
