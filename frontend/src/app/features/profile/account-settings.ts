import { ChangeDetectionStrategy, Component, computed, effect, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { catchError, of } from 'rxjs';
import type { ChatModelDto } from '../../api/models';
import { ChatService } from '../../api/services';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { toApiProblem } from '../../core/http/api-error';
import { FormSubmission } from '../../core/http/form-submission';
import { I18nService, LANGUAGES, languageName, type Language } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { THEMES, ThemeService, type Theme } from '../../core/theme/theme.service';
import { ProfileStore } from './profile.store';
import type { IconName } from '../../core/icons/icons';
import { problemMessage } from '../../core/http/problem-message';

const THEME_ICONS: Record<Theme, IconName> = { light: 'light_mode', dark: 'dark_mode', system: 'contrast' };

/** Name, language, theme and the default chat model. Preferences apply at once, then are saved to the profile. */
@Component({
  selector: 'wbx-account-settings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatButtonModule, MatButtonToggleModule, MatIconModule, TranslatePipe],
  templateUrl: './account-settings.html',
  styleUrl: '../../shared/styles/section.scss',
})
export class AccountSettings {
  private readonly store = inject(ProfileStore);
  private readonly i18n = inject(I18nService);
  private readonly themes = inject(ThemeService);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly languages = LANGUAGES;
  protected readonly languageName = languageName;
  protected readonly themeOptions = THEMES;
  protected readonly themeIcons = THEME_ICONS;
  /** Every chat model, for the default-model choice (usable ones first; one without a key can still be chosen). */
  protected readonly chatModels = toSignal(inject(ChatService).listChatModels().pipe(catchError(() => of(null))), { initialValue: [] as ChatModelDto[] });
  protected readonly sortedModels = computed(() => [...(this.chatModels() ?? [])].sort((a, b) => Number(b.available) - Number(a.available)));
  protected readonly defaultChatModel = computed(() => this.store.user()?.defaultChatModel ?? '');
  protected readonly language = this.i18n.language;
  protected readonly theme = this.themes.theme;
  protected readonly nameSubmission = new FormSubmission();
  protected readonly nameForm = inject(FormBuilder).nonNullable.group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
  });

  constructor() {
    // Follow the saved name (and start from it) unless the user is typing a new one.
    effect(() => {
      const name = this.store.user()?.name ?? '';
      if (this.nameForm.pristine) this.nameForm.setValue({ name });
    });
  }

  protected themeName(theme: Theme): MessageKey {
    return `theme.${theme}`;
  }

  protected saveName(): void {
    this.nameSubmission.submit(this.nameForm, () => this.store.updateProfile({ name: this.nameForm.getRawValue().name.trim() }), {
      messageWithFieldErrors: true,
      saved: (user) => {
        this.nameForm.reset({ name: user.name });
        this.notify('profile.details.saved');
      },
    });
  }

  protected setLanguage(language: Language): void {
    const previous = this.i18n.language();
    if (language === previous) return;
    this.i18n.setLanguage(language);
    this.savePreference({ language }, () => this.i18n.setLanguage(previous));
  }

  protected setTheme(theme: Theme): void {
    const previous = this.themes.theme();
    if (theme === previous) return;
    this.themes.setTheme(theme);
    this.savePreference({ theme }, () => this.themes.setTheme(previous));
  }

  protected setDefaultChatModel(id: string): void {
    if (id === this.defaultChatModel()) return;
    this.savePreference({ defaultChatModel: id || null }, () => undefined);
  }

  private savePreference(changes: { language?: Language; theme?: Theme; defaultChatModel?: string | null }, revert: () => void): void {
    this.store.updateProfile(changes).subscribe({
      next: () => this.notify('profile.preferences.saved'),
      error: (error: unknown) => {
        revert();
        this.snackBar.open(problemMessage(this.i18n, toApiProblem(error)), undefined, { duration: 6000 });
      },
    });
  }

  private notify(key: MessageKey): void {
    // In the language just chosen, whose dictionary may still be on its way.
    void this.i18n.ready().then(() => this.snackBar.open(this.i18n.t(key), undefined, { duration: 3000 }));
  }
}
