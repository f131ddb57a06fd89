import { DatePipe, JsonPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import type { AuditAction } from '../../api/models';
import { AUDIT_ACTION } from '../../api/models/audit-action-array';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { ListState } from '../../shared/list-state/list-state';
import { adminLabels } from './admin-labels';
import { ADMIN_PAGE_SIZE, AdminStore } from './admin.store';

/** `/admin/audit`: the audit trail, newest first, searchable; nothing here changes it. */
@Component({
  selector: 'wbx-admin-audit-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, JsonPipe, ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatPaginatorModule, MatSelectModule, MatTableModule, TranslatePipe, ListState],
  templateUrl: './admin-audit.page.html',
  styleUrl: './admin-sections.scss',
})
export default class AdminAuditPage {
  private readonly store = inject(AdminStore);
  protected readonly locale = inject(I18nService).locale;
  protected readonly labels = adminLabels;
  protected readonly actions = AUDIT_ACTION;
  protected readonly list = this.store.audit;
  protected readonly pageSize = ADMIN_PAGE_SIZE;
  protected readonly columns = ['createdAt', 'action', 'actor', 'target', 'ip', 'details'];
  protected readonly search = inject(FormBuilder).nonNullable.group({ q: [''], action: ['' as AuditAction | ''] });

  constructor() {
    this.list.load(1);
  }

  protected applySearch(): void {
    const { q, action } = this.search.getRawValue();
    this.store.searchAudit({ q: q.trim(), action });
  }

  protected changePage(event: PageEvent): void {
    this.list.load(event.pageIndex + 1);
  }

  protected hasDetails(details: object): boolean {
    return Object.keys(details).length > 0;
  }
}
