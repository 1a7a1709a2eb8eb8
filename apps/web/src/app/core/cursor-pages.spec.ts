import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { CursorPages } from './cursor-pages';

type Page = { items: string[]; next_cursor: string | null };

describe('CursorPages', () => {
  /** Each page request gets its own subject, answered by the test when it likes. */
  function pagesOf() {
    const requests: { cursor: string | null; answer: Subject<Page> }[] = [];
    const pages = TestBed.runInInjectionContext(
      () =>
        new CursorPages<string>((cursor) => {
          const answer = new Subject<Page>();
          requests.push({ cursor, answer });
          return answer;
        }),
    );
    const reply = (index: number, page: Page) => {
      requests[index].answer.next(page);
      requests[index].answer.complete();
    };
    return { pages, requests, reply };
  }

  it('appends the next page at its cursor, and stops offering more after the last', () => {
    const { pages, requests, reply } = pagesOf();
    pages.restart();
    expect(pages.loading()).toBe(true);
    reply(0, { items: ['a', 'b'], next_cursor: 'c1' });
    pages.more();
    expect(requests[1].cursor).toBe('c1');
    reply(1, { items: ['c'], next_cursor: null });
    expect(pages.items()).toEqual(['a', 'b', 'c']);
    expect(pages.nextCursor()).toBeNull();
    expect(pages.loading()).toBe(false);
  });

  it('drops a page still loading when the list starts over, so old rows never mix in', () => {
    const { pages, requests, reply } = pagesOf();
    pages.restart();
    reply(0, { items: ['old'], next_cursor: 'c1' });
    pages.more();
    pages.restart();
    reply(2, { items: ['new'], next_cursor: null });
    reply(1, { items: ['stale'], next_cursor: 'c2' }); // the old filter's page answers last
    expect(requests.map((request) => request.cursor)).toEqual([null, 'c1', null]);
    expect(pages.items()).toEqual(['new']);
    expect(pages.nextCursor()).toBeNull();
  });

  it('says what went wrong and stops loading', () => {
    const { pages, requests } = pagesOf();
    pages.restart();
    requests[0].answer.error(new HttpErrorResponse({ status: 0 }));
    expect(pages.error()).toEqual({ message: expect.stringContaining('does not answer'), retryable: true });
    expect(pages.loading()).toBe(false);
  });

  it('asks again for the page that failed, and keeps what was shown', () => {
    const { pages, requests, reply } = pagesOf();
    pages.restart();
    reply(0, { items: ['a'], next_cursor: 'c1' });
    pages.more();
    requests[1].answer.error(new HttpErrorResponse({ status: 503 }));
    pages.retry();
    expect(requests.map((request) => request.cursor)).toEqual([null, 'c1', 'c1']);
    expect(pages.error()).toBeNull();
    reply(2, { items: ['b'], next_cursor: null });
    expect(pages.items()).toEqual(['a', 'b']);
  });
});
