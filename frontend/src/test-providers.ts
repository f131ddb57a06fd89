import type { Provider } from '@angular/core';
import { PRELOADED_DICTIONARIES } from './app/core/i18n/i18n.service';
import { en } from './app/core/i18n/messages.en';
import { fr } from './app/core/i18n/messages.fr';

/**
 * Providers for every unit test (angular.json, test.providersFile): both dictionaries given up
 * front, so components render their texts at once, as the app does after its initializer.
 */
export default [{ provide: PRELOADED_DICTIONARIES, useValue: { en, fr } }] satisfies Provider[];
