import type { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

/** The server's rule: 10 to 200 characters with at least one letter and one digit. */
export const PASSWORD_RULE = /^(?=.*[A-Za-z])(?=.*\d)[\s\S]{10,200}$/;

/** `passwordRule` error when a non-empty value breaks the rule (emptiness is `required`'s job). */
export const passwordRule: ValidatorFn = (control: AbstractControl<string | null>): ValidationErrors | null => {
  const value = control.value ?? '';
  return value === '' || PASSWORD_RULE.test(value) ? null : { passwordRule: true };
};
