import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import type { KnowledgeCollectionDto } from '../../api/models';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

type LoadState = 'loading' | 'ready' | 'failed';

/**
 * "Attach knowledge" above the composer: a menu of the user's collections and a chip per attached
 * one. The models may then search them and cite what they find; the conversation keeps them.
 */
@Component({
  selector: 'wbx-knowledge-attach',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatCheckboxModule, MatIconModule, MatMenuModule, MatProgressSpinnerModule, MatTooltipModule, RouterLink, TranslatePipe],
  templateUrl: './knowledge-attach.html',
  styleUrl: './knowledge-attach.scss',
})
export class KnowledgeAttach {
  private readonly i18n = inject(I18nService);

  readonly collections = input.required<readonly KnowledgeCollectionDto[]>();
  readonly state = input<LoadState>('ready');
  readonly selected = input.required<readonly string[]>();
  readonly disabled = input(false);
  readonly selectedChange = output<string[]>();
  /** The menu opened: the list may be refreshed. */
  readonly opened = output<void>();
  readonly retry = output<void>();

  protected readonly chips = computed(() => {
    const names = new Map(this.collections().map((collection) => [collection.id, collection.name]));
    return this.selected().map((id) => ({ id, name: names.get(id) ?? this.i18n.t('chat.knowledge.unknown') }));
  });

  protected isAttached(id: string): boolean {
    return this.selected().includes(id);
  }

  protected toggle(id: string): void {
    const selected = this.selected();
    this.selectedChange.emit(selected.includes(id) ? selected.filter((other) => other !== id) : [...selected, id]);
  }
}
