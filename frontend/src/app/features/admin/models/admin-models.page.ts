import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { Observable } from 'rxjs';
import type { AdminModelDto, AdminModelsDto, ModelRolesDto } from '../../../api/models';
import { AdminService } from '../../../api/services';
import { toApiProblem } from '../../../core/http/api-error';
import { problemMessage } from '../../../core/http/problem-message';
import { I18nService } from '../../../core/i18n/i18n.service';
import type { MessageKey } from '../../../core/i18n/messages.en';
import { TranslatePipe } from '../../../core/i18n/translate.pipe';

type RoleName = keyof ModelRolesDto;

/**
 * `/admin/models`: the chat models of the catalogue, each on or off for the workspace and per role,
 * and the workspace's default chat model (a user's own default wins over it).
 */
@Component({
  selector: 'wbx-admin-models-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSlideToggleModule, MatTableModule, TranslatePipe],
  templateUrl: './admin-models.page.html',
  styleUrls: ['../admin-sections.scss', './admin-models.page.scss'],
})
export default class AdminModelsPage {
  private readonly api = inject(AdminService);
  private readonly i18n = inject(I18nService);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly roles: readonly RoleName[] = ['user', 'editor', 'admin'];
  protected readonly columns = ['name', 'enabled', 'user', 'editor', 'admin', 'default'];
  protected readonly models = signal<AdminModelDto[]>([]);
  protected readonly loaded = signal(false);
  protected readonly search = signal('');
  protected readonly saving = signal<string | null>(null);
  protected readonly shown = computed(() => {
    const words = this.search().trim().toLowerCase();
    return words ? this.models().filter((model) => `${model.name} ${model.id} ${model.providerLabel}`.toLowerCase().includes(words)) : this.models();
  });

  constructor() {
    this.load();
  }

  protected roleLabel(role: RoleName): MessageKey {
    return `admin.models.role.${role}`;
  }

  protected setEnabled(model: AdminModelDto, enabled: boolean): void {
    this.save(model.id, this.api.setModelAccess({ body: { model: model.id, enabled } }), (row) => this.replace(row));
  }

  protected setRole(model: AdminModelDto, role: RoleName, on: boolean): void {
    this.save(model.id, this.api.setModelAccess({ body: { model: model.id, roles: { [role]: on } } }), (row) => this.replace(row));
  }

  protected makeDefault(model: AdminModelDto | null): void {
    this.save(model?.id ?? '', this.api.setDefaultChatModel({ body: { model: model?.id ?? null } }), (all) => this.models.set(all.models));
  }

  private load(): void {
    this.api.listAdminModels().subscribe({
      next: (all) => {
        this.models.set(all.models);
        this.loaded.set(true);
      },
      error: (error: unknown) => {
        this.loaded.set(true);
        this.snackBar.open(problemMessage(this.i18n, toApiProblem(error)), undefined, { duration: 6000 });
      },
    });
  }

  private replace(row: AdminModelDto): void {
    this.models.update((rows) => rows.map((shown) => (shown.id === row.id ? row : shown)));
  }

  private save<T extends AdminModelDto | AdminModelsDto>(id: string, call: Observable<T>, done: (answer: T) => void): void {
    this.saving.set(id);
    call.subscribe({
      next: (answer) => {
        this.saving.set(null);
        done(answer);
        this.snackBar.open(this.i18n.t('admin.models.saved'), undefined, { duration: 3000 });
      },
      error: (error: unknown) => {
        this.saving.set(null);
        // The switch the admin flipped goes back to what the server keeps.
        this.load();
        this.snackBar.open(problemMessage(this.i18n, toApiProblem(error)), undefined, { duration: 6000 });
      },
    });
  }
}
