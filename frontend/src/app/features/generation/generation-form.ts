import { DestroyRef, Signal, effect, inject, untracked } from '@angular/core';
import type { AbstractControl, FormControl, FormGroup, ValidationErrors, ValidatorFn } from '@angular/forms';
import { MatSnackBar } from '@angular/material/snack-bar';
import type { GenerationJobDto } from '../../api/models';
import type { SubmitOptions } from '../../core/http/form-submission';
import { I18nService } from '../../core/i18n/i18n.service';
import { defaultModelId, type Selectable } from './generation-options';
import { GenerationStore } from './generation.store';

/** A whole number within bounds that may change with the chosen model (read when validating). */
export function wholeNumberWithin(bounds: () => { min: number; max: number }): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null => {
    const value: unknown = control.value;
    if (value === null || value === '' || value === undefined) return { required: true };
    const { min, max } = bounds();
    const number = Number(value);
    return Number.isInteger(number) && number >= min && number <= max ? null : { range: { min, max } };
  };
}

/** At least one box of the group ticked. */
export function oneTicked(group: AbstractControl): ValidationErrors | null {
  const value = group.value as Record<string, boolean>;
  return Object.values(value).some(Boolean) ? null : { none: true };
}

/** What a generation form does once the server has accepted its job: say it started. */
export function jobStarted(): SubmitOptions<GenerationJobDto> {
  const i18n = inject(I18nService);
  const snackBar = inject(MatSnackBar);
  return { saved: () => snackBar.open(i18n.t('generation.started'), undefined, { duration: 3000 }) };
}

/** Keeps a form's values in the store when its tab is left, and puts them back when it returns. */
export function keepDraft(key: string, form: FormGroup): void {
  const store = inject(GenerationStore);
  const draft = store.draft<Record<string, unknown>>(key);
  if (draft) form.patchValue(draft);
  inject(DestroyRef).onDestroy(() => store.saveDraft(key, form.getRawValue()));
}

/**
 * Keeps a model field on one of the listed models: when the list arrives, or no longer holds the
 * chosen model, the preferred (offline) default is chosen, else the first usable one.
 */
export function keepModelChosen(models: Signal<readonly Selectable[]>, control: FormControl<string>, preferred: string): void {
  effect(() => {
    const list = models();
    untracked(() => {
      if (list.length && !list.some((model) => model.id === control.value)) control.setValue(defaultModelId(list, preferred) ?? '');
    });
  });
}
