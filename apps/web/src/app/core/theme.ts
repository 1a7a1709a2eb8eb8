import { computed, effect, Injectable, signal } from '@angular/core';

export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'lightbox.theme';

function stored(): Theme | null {
  const value = localStorage.getItem(STORAGE_KEY);
  return value === 'light' || value === 'dark' ? value : null;
}

/**
 * Light or dark: the system's, until the person picks one, which this browser then keeps. The
 * stylesheet follows the system by itself (color-scheme); `data-theme` on <html> overrides it.
 */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  private readonly chosen = signal(stored());
  private readonly system = signal<Theme>('light');
  readonly theme = computed(() => this.chosen() ?? this.system());

  constructor() {
    const dark = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
    if (dark) {
      this.system.set(dark.matches ? 'dark' : 'light');
      dark.addEventListener('change', (change) => this.system.set(change.matches ? 'dark' : 'light'));
    }
    effect(() => {
      const chosen = this.chosen();
      if (chosen) document.documentElement.dataset['theme'] = chosen;
      else delete document.documentElement.dataset['theme'];
    });
  }

  toggle(): void {
    const next: Theme = this.theme() === 'dark' ? 'light' : 'dark';
    localStorage.setItem(STORAGE_KEY, next);
    this.chosen.set(next);
  }
}
