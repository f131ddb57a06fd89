import type { AbstractControl } from '@angular/forms';
import type { ApiProblem } from './api-error';

/**
 * Puts the server's field errors on the matching controls (shown by `<mat-error>` as
 * `errors.server`). Returns true when at least one field matched, so the caller can decide
 * whether the general message is still needed.
 */
export function applyFieldErrors(form: AbstractControl, problem: ApiProblem): boolean {
  let matched = false;
  for (const [field, message] of Object.entries(problem.fieldErrors)) {
    const control: AbstractControl | null = form.get(field);
    if (!control) continue;
    control.setErrors({ ...(control.errors ?? {}), server: message });
    control.markAsTouched();
    matched = true;
  }
  return matched;
}
