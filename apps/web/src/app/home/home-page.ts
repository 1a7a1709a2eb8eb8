import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import type { Health } from '@lightbox/auth-contracts';

type ApiState = 'checking' | 'up' | 'down';

/** Placeholder landing page until the gallery exists: shows whether the API answers. */
@Component({
  selector: 'lbx-home-page',
  template: `
    <h1>Lightbox</h1>
    <p>A self-hosted image gallery.</p>
    <p role="status" [class]="state()">
      @switch (state()) {
        @case ('checking') { Checking the server… }
        @case ('up') { The server is up. }
        @case ('down') { The server does not answer. }
      }
    </p>
  `,
  styles: `
    .up { color: var(--ok); }
    .down { color: var(--bad); }
    .checking { color: var(--muted); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HomePage {
  protected readonly state = signal<ApiState>('checking');

  constructor() {
    inject(HttpClient)
      .get<Health>('/health')
      .subscribe({
        next: (health) => this.state.set(health.status === 'ok' ? 'up' : 'down'),
        error: () => this.state.set('down'),
      });
  }
}
