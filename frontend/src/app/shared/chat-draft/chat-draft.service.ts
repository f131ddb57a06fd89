import { Injectable, signal } from '@angular/core';

/**
 * Text handed to the chat composer from another page ("Use in chat" in the prompt library).
 * The chat page takes it once, when it opens.
 */
@Injectable({ providedIn: 'root' })
export class ChatDraftService {
  private readonly pending = signal<string | null>(null);

  /** Leaves `text` for the next chat page to pick up. */
  hand(text: string): void {
    this.pending.set(text);
  }

  /** The text left for the composer, once; null when there is none. */
  take(): string | null {
    const text = this.pending();
    this.pending.set(null);
    return text;
  }
}
