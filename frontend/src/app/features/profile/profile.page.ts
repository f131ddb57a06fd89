import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { SessionStore } from '../../core/auth/session.store';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { AccessTokens } from './access-tokens';
import { AccountSettings } from './account-settings';
import { ApiKeys } from './api-keys';
import { McpServers } from './mcp-servers';
import { PasswordForm } from './password-form';
import { ProfileData } from './profile-data';
import { ProfileStore } from './profile.store';
import { HelpLink } from '../../shared/help-link/help-link';

@Component({
  selector: 'wbx-profile-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HelpLink, TranslatePipe, AccountSettings, PasswordForm, ApiKeys, AccessTokens, McpServers, ProfileData],
  providers: [ProfileStore],
  template: `
    <div class="wbx-page">
      <h1 class="wbx-page-title">{{ 'profile.title' | t }}<wbx-help-link guide="profile" /></h1>
      <p class="wbx-page-subtitle">{{ 'profile.subtitle' | t: { email: user()?.email ?? '' } }}</p>
      <div class="sections">
        <wbx-account-settings />
        <wbx-password-form />
        <wbx-api-keys />
        <wbx-access-tokens />
        <wbx-mcp-servers />
        <wbx-profile-data />
      </div>
    </div>
  `,
  styles: `
    .sections {
      display: flex;
      flex-direction: column;
      gap: 24px;
    }
  `,
})
export default class ProfilePage {
  protected readonly user = inject(SessionStore).user;
}
