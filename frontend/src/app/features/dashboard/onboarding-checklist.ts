import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import type { OnboardingDto, OnboardingStepDto } from '../../api/models';
import { ProfileService } from '../../api/services';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

type StepId = OnboardingStepDto['id'];

/** Where each step is done. */
const STEP_LINKS: Record<StepId, string> = {
  'offline-chat': '/chat',
  'api-key': '/profile',
  'default-model': '/profile',
  document: '/media',
  agent: '/agents',
};

type State = { kind: 'loading' } | { kind: 'loaded'; checklist: OnboardingDto } | { kind: 'failed' } | { kind: 'hidden' };

/**
 * The home page's first-run checklist: the steps a new user takes, each ticked from what they have
 * done (the server computes it: GET /api/profile/onboarding). It can be put away, and goes once done.
 */
@Component({
  selector: 'wbx-onboarding-checklist',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule, MatIconModule, TranslatePipe],
  styleUrl: './dashboard-panel.scss',
  template: `
    @let current = state();
    @if (current.kind === 'loaded') {
      @let checklist = current.checklist;
      <section class="panel" aria-labelledby="onboarding-title" data-testid="onboarding">
        <header class="panel-header">
          <div>
            <h2 id="onboarding-title" class="panel-title">{{ 'dashboard.onboarding.title' | t }}</h2>
            <p class="intro">{{ 'dashboard.onboarding.intro' | t }}</p>
          </div>
          <button mat-button type="button" (click)="dismiss()" data-testid="onboarding-dismiss">{{ 'dashboard.onboarding.dismiss' | t }}</button>
        </header>
        <p class="progress" data-testid="onboarding-progress">{{ 'dashboard.onboarding.progress' | t: { done: doneCount(), total: checklist.steps.length } }}</p>
        <ol class="steps">
          @for (step of checklist.steps; track step.id) {
            <li class="step" [class.done]="step.done" [attr.data-step]="step.id" [attr.data-done]="step.done" data-testid="onboarding-step">
              <mat-icon class="tick" aria-hidden="true">{{ step.done ? 'check_circle' : 'radio_button_unchecked' }}</mat-icon>
              <div class="text">
                <span class="title">{{ stepText(step.id, 'title') | t }}</span>
                <span class="wbx-visually-hidden">{{ (step.done ? 'dashboard.onboarding.done' : 'dashboard.onboarding.todo') | t }}</span>
                <span class="description">{{ stepText(step.id, 'description') | t }}</span>
              </div>
              @if (!step.done) {
                <a mat-stroked-button [routerLink]="link(step.id)">{{ stepText(step.id, 'action') | t }}</a>
              }
            </li>
          }
        </ol>
      </section>
    } @else if (current.kind === 'failed') {
      <p class="failed" role="status">{{ 'dashboard.onboarding.failed' | t }}</p>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .panel-header {
      align-items: flex-start;
    }
    .intro,
    .progress,
    .failed {
      margin: 4px 0 0;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .steps {
      list-style: none;
      margin: 12px 0 0;
      padding: 0;
    }
    .step {
      display: flex;
      align-items: center;
      gap: 12px;
      padding: 12px 0;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .tick {
      flex-shrink: 0;
      color: var(--mat-sys-outline);
    }
    .done .tick {
      color: var(--mat-sys-primary);
    }
    .text {
      flex: 1;
      min-width: 0;
      display: flex;
      flex-direction: column;
    }
    .title {
      font: var(--mat-sys-title-small);
    }
    .done .title {
      color: var(--mat-sys-on-surface-variant);
    }
    .description {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    @media (max-width: 599px) {
      .step {
        flex-wrap: wrap;
      }
      .text {
        flex-basis: calc(100% - 36px);
      }
      .step a {
        margin-left: 36px;
      }
    }
  `,
})
export class OnboardingChecklist {
  private readonly api = inject(ProfileService);

  protected readonly state = signal<State>({ kind: 'loading' });
  protected readonly doneCount = computed(() => {
    const current = this.state();
    return current.kind === 'loaded' ? current.checklist.steps.filter((step) => step.done).length : 0;
  });

  constructor() {
    this.api.getOnboarding().subscribe({
      // Put away, or every step done: the list has nothing more to say.
      next: (checklist) => this.state.set(checklist.dismissed || checklist.complete ? { kind: 'hidden' } : { kind: 'loaded', checklist }),
      error: () => this.state.set({ kind: 'failed' }),
    });
  }

  protected stepText(id: StepId, part: 'title' | 'description' | 'action'): MessageKey {
    return `dashboard.onboarding.step.${id}.${part}`;
  }

  protected link(id: StepId): string {
    return STEP_LINKS[id];
  }

  protected dismiss(): void {
    this.state.set({ kind: 'hidden' });
    this.api.dismissOnboarding().subscribe({ error: () => undefined });
  }
}
