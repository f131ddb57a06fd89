import { DOCUMENT, DestroyRef, Injectable, effect, inject, untracked } from '@angular/core';
import { RealtimeService } from './realtime.service';

/** No input for this long: the user is away on this device (the server also marks a silent socket away after its own delay). */
export const IDLE_AFTER_MS = 5 * 60_000;
const ACTIVITY = ['pointerdown', 'keydown', 'mousemove', 'wheel', 'touchstart'] as const;

/**
 * Tells the server whether the user is active or away on this device (`collaboration.presence`):
 * away when the tab is hidden or nothing was touched for `IDLE_AFTER_MS`, active again at the first
 * input. A socket that connects counts as active on the server, so a hidden tab says so at once.
 */
@Injectable({ providedIn: 'root' })
export class PresenceReporter {
  private readonly realtime = inject(RealtimeService);
  private readonly document = inject(DOCUMENT);
  private state: 'active' | 'away' = 'active';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    const onActivity = () => this.activity();
    const onVisibility = () => (this.document.visibilityState === 'hidden' ? this.report('away') : this.activity());
    for (const name of ACTIVITY) this.document.addEventListener(name, onActivity, { passive: true });
    this.document.addEventListener('visibilitychange', onVisibility);
    effect(() => {
      if (!this.realtime.connected()) return;
      untracked(() => {
        this.state = 'active';
        if (this.document.visibilityState === 'hidden') this.report('away');
        else this.restartIdleTimer();
      });
    });
    inject(DestroyRef).onDestroy(() => {
      clearTimeout(this.timer);
      for (const name of ACTIVITY) this.document.removeEventListener(name, onActivity);
      this.document.removeEventListener('visibilitychange', onVisibility);
    });
  }

  private activity(): void {
    this.restartIdleTimer();
    if (this.state === 'away') this.report('active');
  }

  private restartIdleTimer(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.report('away'), IDLE_AFTER_MS);
  }

  private report(state: 'active' | 'away'): void {
    if (this.state === state) return;
    this.state = state;
    void this.realtime.send('collaboration.presence', { state });
  }
}
