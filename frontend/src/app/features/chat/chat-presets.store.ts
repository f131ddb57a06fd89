import { Injectable, inject, signal } from '@angular/core';
import type { Observable } from 'rxjs';
import { tap } from 'rxjs';
import type { ChatPresetDto, ChatPresetInputDto } from '../../api/models';
import { ChatService } from '../../api/services';
import type { LoadState } from './chat.store';

/** The most presets the menu lists (the API's largest page). */
export const MAX_LISTED_PRESETS = 100;

/** The user's chat presets, for the settings panel: listed, saved and deleted through the generated client. */
@Injectable()
export class ChatPresetsStore {
  private readonly api = inject(ChatService);

  readonly presets = signal<ChatPresetDto[]>([]);
  readonly state = signal<LoadState>('loading');

  load(): void {
    if (this.state() !== 'ready') this.state.set('loading');
    this.api.listChatPresets({ limit: MAX_LISTED_PRESETS }).subscribe({
      next: (page) => {
        this.presets.set(page.items);
        this.state.set('ready');
      },
      error: () => this.state.set('failed'),
    });
  }

  save(input: ChatPresetInputDto): Observable<ChatPresetDto> {
    return this.api.createChatPreset({ body: input }).pipe(tap((preset) => this.presets.update((list) => [...list, preset].sort((a, b) => a.name.localeCompare(b.name)))));
  }

  remove(id: string): Observable<void> {
    return this.api.deleteChatPreset({ id }).pipe(tap(() => this.presets.update((list) => list.filter((preset) => preset.id !== id))));
  }
}
