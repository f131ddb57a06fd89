import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import type { TurnAttachment } from '../../shared/chat/chat-turns';

/** The files a user's message carried, under the message: a thumbnail or an icon, the name, and a cut document said as such. */
@Component({
  selector: 'wbx-turn-attachments',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule, TranslatePipe],
  template: `
    <ul [attr.aria-label]="'chat.attachments.attached' | t">
      @for (file of files(); track $index) {
        <li [attr.data-kind]="file.kind" data-testid="turn-attachment">
          @if (file.previewUrl) {
            <img [src]="file.previewUrl" alt="" />
          } @else {
            <mat-icon aria-hidden="true">{{ file.kind === 'image' ? 'image' : 'description' }}</mat-icon>
          }
          <span class="name">{{ file.name }}</span>
          @if (file.truncatedTo) {
            <small>{{ 'chat.attachments.truncated' | t: { count: file.truncatedTo } }}</small>
          }
        </li>
      }
    </ul>
  `,
  styles: `
    ul {
      display: flex;
      flex-wrap: wrap;
      justify-content: flex-end;
      gap: 6px;
      margin: 0 0 8px;
      padding: 0;
      list-style: none;
    }
    li {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      max-width: 240px;
      padding: 4px 8px 4px 4px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 10px;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface);
    }
    img {
      width: 48px;
      height: 48px;
      object-fit: cover;
      border-radius: 6px;
    }
    .name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    small {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class TurnAttachments {
  readonly files = input.required<readonly TurnAttachment[]>();
}
