import { Pipe, PipeTransform } from '@angular/core';
import { FULL_ICON_FONT_CLASS, ICON_FONT_CLASS, isShippedIcon } from './icons';

/**
 * The font set of an icon a user chose (an agent's icon may be any Material Symbols name):
 * `<mat-icon [fontSet]="agent.icon | iconFontSet">{{ agent.icon }}</mat-icon>`. A shipped icon
 * (or none yet) keeps the subset font; any other name uses the full font, downloaded only then.
 */
@Pipe({ name: 'iconFontSet' })
export class IconFontSetPipe implements PipeTransform {
  transform(name: string | null | undefined): string {
    return !name || isShippedIcon(name) ? ICON_FONT_CLASS : FULL_ICON_FONT_CLASS;
  }
}
