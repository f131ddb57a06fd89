import { DOCUMENT, Injectable, inject, signal } from '@angular/core';
import type { UserDto } from '../../api/models';

export type Theme = UserDto['theme'];

export const THEMES: readonly Theme[] = ['light', 'dark', 'system'];
const STORAGE_KEY = 'webox.theme';

export function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value);
}

/**
 * Light, dark or the system's choice. The Material 3 theme is built with `theme-type: color-scheme`,
 * so a `theme-light`/`theme-dark` class on <html> (which sets `color-scheme`) is all it takes.
 */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  private readonly root = inject(DOCUMENT).documentElement;
  private readonly current = signal<Theme>(this.storedTheme());

  readonly theme = this.current.asReadonly();

  constructor() {
    this.apply(this.current());
  }

  setTheme(theme: Theme): void {
    this.current.set(theme);
    this.apply(theme);
    try {
      localStorage.setItem(STORAGE_KEY, theme);
    } catch {
      // Without storage the choice lasts for this page only.
    }
  }

  private apply(theme: Theme): void {
    this.root.classList.toggle('theme-light', theme === 'light');
    this.root.classList.toggle('theme-dark', theme === 'dark');
  }

  private storedTheme(): Theme {
    try {
      const stored = localStorage.getItem(STORAGE_KEY);
      return isTheme(stored) ? stored : 'system';
    } catch {
      return 'system';
    }
  }
}
