import { DestroyRef, Directive, ElementRef, inject, output } from '@angular/core';

/** How long a finger rests on a photo to choose it, as in the phone's own photo apps. */
const HOLD_MS = 500;
/** A finger that moves further is scrolling, not holding. */
const STILL_PX = 10;

/**
 * `(lbxLongPress)`: a finger held still on the element. The click and the context menu that the
 * browser may send when the finger lifts are swallowed on their way down, before any link or
 * button inside sees them, so a long press never also opens the photo.
 */
@Directive({
  selector: '[lbxLongPress]',
  host: {
    '(pointerdown)': 'start($event)',
    '(pointermove)': 'move($event)',
    '(pointerup)': 'cancel()',
    '(pointercancel)': 'cancel()',
  },
})
export class LongPress {
  readonly pressed = output<void>({ alias: 'lbxLongPress' });
  private timer: ReturnType<typeof setTimeout> | null = null;
  private from: { x: number; y: number } | null = null;
  /** Set when a press fired, until the click or context menu that follows it is swallowed. */
  private fired = false;

  constructor() {
    const host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    const swallow = (event: Event) => this.swallow(event);
    for (const type of ['click', 'contextmenu']) host.addEventListener(type, swallow, { capture: true });
    inject(DestroyRef).onDestroy(() => {
      this.cancel();
      for (const type of ['click', 'contextmenu']) host.removeEventListener(type, swallow, { capture: true });
    });
  }

  protected start(event: PointerEvent): void {
    this.cancel();
    this.fired = false;
    if (event.pointerType !== 'touch') return;
    this.from = { x: event.clientX, y: event.clientY };
    this.timer = setTimeout(() => {
      this.timer = null;
      this.fired = true;
      this.pressed.emit();
    }, HOLD_MS);
  }

  protected move(event: PointerEvent): void {
    if (this.from && Math.hypot(event.clientX - this.from.x, event.clientY - this.from.y) > STILL_PX) this.cancel();
  }

  protected cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.from = null;
  }

  private swallow(event: Event): void {
    if (!this.fired) return;
    event.preventDefault();
    event.stopPropagation();
    if (event.type === 'click') this.fired = false;
  }
}
