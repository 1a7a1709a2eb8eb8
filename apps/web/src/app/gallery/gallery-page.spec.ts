import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { API_BASE } from '../core/api';
import { GalleryPage } from './gallery-page';
import { element } from '../../testing/dom';

describe('GalleryPage', () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: '', component: GalleryPage }], withComponentInputBinding())],
    });
  });

  it('filters by the tag in the address, and shows that tag as chosen once the tags arrive', async () => {
    const harness = await RouterTestingHarness.create('/?tag=sea');
    const http = TestBed.inject(HttpTestingController);
    const list = http.expectOne((request) => request.url === `${API_BASE}/images`);
    expect(list.request.params.get('tag')).toBe('sea');
    list.flush({ items: [], next_cursor: null });
    http.expectOne(`${API_BASE}/tags`).flush([{ name: 'forest', count: 2 }, { name: 'sea', count: 3 }]);
    await harness.fixture.whenStable();
    const select = element<HTMLSelectElement>(harness.routeNativeElement as HTMLElement, 'select');
    expect(select.value).toBe('sea');
    expect((harness.routeNativeElement as HTMLElement).textContent).toContain('No image matches.');
  });
});
