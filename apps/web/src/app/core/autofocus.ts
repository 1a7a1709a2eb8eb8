import { afterNextRender, Directive, ElementRef, inject } from '@angular/core';

/**
 * Focuses its element once it is on screen: for content that replaces what had focus (a confirm
 * step, a key shown once), so keyboard and screen-reader users land on it.
 */
@Directive({ selector: '[lbxAutofocus]' })
export class Autofocus {
  constructor() {
    const element = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    afterNextRender(() => element.focus());
  }
}
