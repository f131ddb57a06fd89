import { ChangeDetectionStrategy, Component, ElementRef, afterRenderEffect, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { ActivatedRoute } from '@angular/router';
import type { ApiGroupDto, ApiReferenceDto } from '../../api/models';
import { DocumentationService } from '../../api/services';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { DocumentationStore } from './documentation.store';

/**
 * `/documentation/api`: every operation of docs/openapi.json by area — method, path, summary,
 * parameters and an example body — each with an anchor guides link to, and the Swagger UI to try them.
 */
@Component({
  selector: 'wbx-api-reference-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, TranslatePipe],
  templateUrl: './api-reference.page.html',
  styleUrl: './api-reference.page.scss',
})
export default class ApiReferencePage {
  private readonly host: HTMLElement = inject(ElementRef<HTMLElement>).nativeElement;
  protected readonly fragment = toSignal(inject(ActivatedRoute).fragment);
  protected readonly reference = signal<ApiReferenceDto | null>(null);
  protected readonly state = signal<'loading' | 'ready' | 'failed'>('loading');
  protected readonly filter = signal('');
  /** The groups with the operations whose method, path or summary contains the filter. */
  protected readonly groups = computed<ApiGroupDto[]>(() => {
    const words = this.filter().toLowerCase().split(/\s+/).filter(Boolean);
    const groups = this.reference()?.groups ?? [];
    if (!words.length) return groups;
    return groups
      .map((group) => ({ ...group, operations: group.operations.filter((operation) => words.every((word) => `${group.tag} ${operation.method} ${operation.path} ${operation.summary}`.toLowerCase().includes(word))) }))
      .filter((group) => group.operations.length > 0);
  });

  constructor() {
    inject(DocumentationStore).currentTab.set('api');
    inject(DocumentationService)
      .getApiReference()
      .subscribe({
        next: (reference) => {
          this.reference.set(reference);
          this.state.set('ready');
        },
        error: () => this.state.set('failed'),
      });
    // A link to an operation (`/documentation/api#post-api-chat`) opens it and scrolls to it.
    afterRenderEffect({
      write: () => {
        const fragment = this.fragment();
        if (!fragment || !this.reference()) return;
        const operation = this.host.querySelector<HTMLDetailsElement>(`details[id="${CSS.escape(fragment)}"]`);
        if (!operation) return;
        operation.open = true;
        operation.scrollIntoView({ block: 'start' });
      },
    });
  }
}
