import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { ActivityDto } from '../../api/models';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

/** What an event is called: `activity.<name>` where the dictionary has it, else the name itself, said generically. */
export function activityLabel(i18n: Pick<I18nService, 'has' | 't'>, name: string): string {
  const key = `activity.${name}`;
  return i18n.has(key) ? i18n.t(key) : i18n.t('activity.unknown', { name });
}

/** A line of detail taken from the summary alone: its title, else a workflow's or file's name, else its kind. */
export function activityDetail(summary: ActivityDto['summary']): string | null {
  for (const field of ['title', 'workflowName', 'name', 'kind']) {
    const value = summary[field];
    if (typeof value === 'string' && value) return value;
  }
  return null;
}

/** Where an event leads, when its summary names a conversation (the only page an id opens directly). */
export function activityLink(summary: ActivityDto['summary']): string[] | null {
  const id = summary['conversationId'];
  return typeof id === 'string' ? ['/chat', id] : null;
}

@Component({
  selector: 'wbx-activity-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, DatePipe, TranslatePipe],
  template: `
    @if (items().length) {
      <ul class="list" data-testid="activity">
        @for (item of items(); track item.id) {
          @let link = linkOf(item);
          <li class="item" [attr.data-event]="item.name" data-testid="activity-item">
            <span class="what">
              @if (link) {
                <a [routerLink]="link">{{ label(item.name) }}</a>
              } @else {
                {{ label(item.name) }}
              }
              @if (detail(item); as text) {
                <span class="detail">{{ text }}</span>
              }
            </span>
            <time class="when" [attr.datetime]="item.occurredAt">{{ item.occurredAt | date: 'short' : undefined : i18n.locale() }}</time>
          </li>
        }
      </ul>
    } @else {
      <p class="empty" data-testid="activity-empty">{{ 'dashboard.activity.empty' | t }}</p>
    }
  `,
  styles: `
    .list {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .item {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 2px 12px;
      padding: 8px 0;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .what {
      display: flex;
      flex-direction: column;
      min-width: 0;
      font: var(--mat-sys-body-medium);
    }
    .detail {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      overflow-wrap: anywhere;
    }
    .when,
    .empty {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class ActivityList {
  protected readonly i18n = inject(I18nService);
  readonly items = input.required<ActivityDto[]>();

  protected label(name: string): string {
    return activityLabel(this.i18n, name);
  }
  protected detail(item: ActivityDto): string | null {
    return activityDetail(item.summary);
  }
  protected linkOf(item: ActivityDto): string[] | null {
    return activityLink(item.summary);
  }
}
