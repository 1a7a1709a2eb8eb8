import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { HomePage } from './home-page';

describe('HomePage', () => {
  function render() {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const fixture = TestBed.createComponent(HomePage);
    const http = TestBed.inject(HttpTestingController);
    return { fixture, http, status: () => (fixture.nativeElement as HTMLElement).querySelector('[role=status]') };
  }

  it('says the server is up when /health answers ok', async () => {
    const { fixture, http, status } = render();
    http.expectOne('/health').flush({ status: 'ok' });
    await fixture.whenStable();
    expect(status()?.textContent).toContain('The server is up.');
  });

  it('says the server does not answer when /health fails', async () => {
    const { fixture, http, status } = render();
    http.expectOne('/health').flush(null, { status: 503, statusText: 'Service Unavailable' });
    await fixture.whenStable();
    expect(status()?.textContent).toContain('does not answer');
  });
});
