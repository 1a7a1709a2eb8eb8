import { Directive, output } from '@angular/core';

/** How far a finger must travel sideways, more than up or down, to be a swipe and not a tap or a scroll. */
const SWIPE_PX = 50;

/** Swipes on touch screens: `swiped` says `previous` (left to right) or `next`. */
@Directive({
  selector: '[lbxSwipe]',
  host: {
    '(pointerdown)': 'start($event)',
    '(pointerup)': 'end($event)',
    '(pointercancel)': 'from = null',
    // The browser keeps vertical scrolling and leaves sideways moves to us.
    style: 'touch-action: pan-y',
  },
})
export class Swipe {
  readonly swiped = output<'previous' | 'next'>({ alias: 'lbxSwipe' });
  protected from: { x: number; y: number } | null = null;

  protected start(event: PointerEvent): void {
    this.from = event.pointerType === 'mouse' ? null : { x: event.clientX, y: event.clientY };
  }

  protected end(event: PointerEvent): void {
    if (!this.from) return;
    const dx = event.clientX - this.from.x;
    const dy = event.clientY - this.from.y;
    this.from = null;
    if (Math.abs(dx) >= SWIPE_PX && Math.abs(dx) > Math.abs(dy)) this.swiped.emit(dx > 0 ? 'previous' : 'next');
  }
}
