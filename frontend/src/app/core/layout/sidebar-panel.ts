import { InjectionToken, type Type } from '@angular/core';

/**
 * What the shell's wide sidebar shows beside the rail of areas: a feature's component, loaded
 * lazily. The app provides it (the conversation list); core names no feature.
 */
export const SIDEBAR_PANEL = new InjectionToken<() => Promise<Type<unknown>>>('SIDEBAR_PANEL');
