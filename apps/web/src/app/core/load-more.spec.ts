import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { button } from '../../testing/dom';
import { CursorPages } from './cursor-pages';
import { LoadMore } from './load-more';

type Page = { items: string[]; next_cursor: string | null };

/** jsdom has no IntersectionObserver: this one is told by the test when the foot comes near the screen. */
class FakeIntersectionObserver {
  static last: FakeIntersectionObserver | null = null;
  constructor(readonly report: (entries: Partial<IntersectionObserverEntry>[]) => void) {
    FakeIntersectionObserver.last = this;
  }
  readonly watched = new Set<Element>();
  observe(target: Element): void {
    this.watched.add(target);
  }
  disconnect(): void {
    this.watched.clear();
  }
}

@Component({
  imports: [LoadMore],
  template: `<lbx-load-more [pages]="pages" [scrolling]="scrolling()" />`,
})
class List {
  readonly requests: { cursor: string | null; answer: Subject<Page> }[] = [];
  readonly scrolling = signal(true);
  readonly pages = new CursorPages<string>((cursor) => {
    const answer = new Subject<Page>();
    this.requests.push({ cursor, answer });
    return answer;
  });
}

describe('LoadMore', () => {
  beforeAll(() => Object.assign(globalThis, { IntersectionObserver: FakeIntersectionObserver }));
  afterAll(() => delete (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver);

  async function aList(scrolling = true) {
    const fixture = TestBed.createComponent(List);
    const list = fixture.componentInstance;
    list.scrolling.set(scrolling);
    list.pages.restart();
    list.requests[0].answer.next({ items: ['a'], next_cursor: 'c1' });
    await fixture.whenStable();
    const nearScreen = async (near: boolean) => {
      FakeIntersectionObserver.last?.report([{ isIntersecting: near }]);
      await fixture.whenStable();
    };
    return { fixture, list, nearScreen };
  }

  it('asks for the next page by itself when the foot of the list comes near the screen, and keeps the button', async () => {
    const { fixture, list, nearScreen } = await aList();
    expect(list.requests).toHaveLength(1);
    await nearScreen(true);
    expect(list.requests.map((request) => request.cursor)).toEqual([null, 'c1']);
    // Still near once that page is in (a short page): the next one, until there is none.
    list.requests[1].answer.next({ items: ['b'], next_cursor: 'c2' });
    await fixture.whenStable();
    expect(list.requests.map((request) => request.cursor)).toEqual([null, 'c1', 'c2']);
    expect(button(fixture.nativeElement, 'Load more').disabled).toBe(true);
  });

  it('watches its own foot, and stops watching when the list goes', async () => {
    const { fixture } = await aList();
    const observer = FakeIntersectionObserver.last;
    expect([...(observer?.watched ?? [])]).toEqual([fixture.nativeElement.querySelector('lbx-load-more')]);
    fixture.destroy();
    expect(observer?.watched.size).toBe(0);
  });

  it('does not ask again by itself after a page failed: that waits for Try again', async () => {
    const { fixture, list, nearScreen } = await aList();
    await nearScreen(true);
    list.requests[1].answer.error(new Error('offline'));
    await fixture.whenStable();
    await nearScreen(false);
    await nearScreen(true);
    expect(list.requests).toHaveLength(2);
    button(fixture.nativeElement, 'Try again').click();
    expect(list.requests.map((request) => request.cursor)).toEqual([null, 'c1', 'c1']);
  });

  it('leaves it to the button without scrolling, and while the foot is far from the screen', async () => {
    const far = await aList();
    await far.nearScreen(false);
    expect(far.list.requests).toHaveLength(1);

    const { fixture, list, nearScreen } = await aList(false);
    await nearScreen(true);
    expect(list.requests).toHaveLength(1);
    button(fixture.nativeElement, 'Load more').click();
    expect(list.requests.map((request) => request.cursor)).toEqual([null, 'c1']);
  });
});
