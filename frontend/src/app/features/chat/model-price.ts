import { Pipe, PipeTransform, inject } from '@angular/core';
import type { ChatModelDto } from '../../api/models';
import { I18nService } from '../../core/i18n/i18n.service';
import { formatPrice } from '../../shared/format/number-format';

/** `$1.75 in · $14 out / 1M tokens`, or `Free`. */
@Pipe({ name: 'modelPrice', pure: false })
export class ModelPricePipe implements PipeTransform {
  private readonly i18n = inject(I18nService);
  transform(model: Pick<ChatModelDto, 'inputPricePerMTok' | 'outputPricePerMTok'>): string {
    if (model.inputPricePerMTok === 0 && model.outputPricePerMTok === 0) return this.i18n.t('chat.price.free');
    const locale = this.i18n.locale();
    return this.i18n.t('chat.price.perMTok', { input: formatPrice(model.inputPricePerMTok, locale), output: formatPrice(model.outputPricePerMTok, locale) });
  }
}
