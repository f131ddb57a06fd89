import { inject, signal } from '@angular/core';
import type { AbstractControl } from '@angular/forms';
import type { Observable } from 'rxjs';
import { I18nService } from '../i18n/i18n.service';
import { toApiProblem, type ApiProblem } from './api-error';
import { applyFieldErrors } from './form-errors';
import { problemMessage } from './problem-message';

export interface SubmitOptions<T> {
  /** What the form does with the server's answer. */
  saved?: (value: T) => void;
  /** The form goes away once saved (it navigates, or its dialog closes): it stays busy, so it is not sent twice. */
  leaves?: boolean;
  /**
   * The banner shows the server's message even when its field errors are under their fields
   * (say, "An account with this e-mail already exists" above the e-mail's own message). By
   * default it shows only what no field shows.
   */
  messageWithFieldErrors?: boolean;
  /** What else a refusal means for this form (errors of fields that are not controls, say); `message` is the banner's text. */
  refused?: (problem: ApiProblem, message: string) => void;
}

/**
 * Sending a form, for every form of the dashboard: one request at a time (`busy`); an invalid
 * form is not sent, its errors are shown; a refusal's field messages go under their fields
 * (`errors.server`, see form-errors.ts) and the rest in the form's banner (`error`): the server's
 * message, or a network or unexpected error. Create it in a field initialiser (it injects).
 */
export class FormSubmission {
  private readonly i18n = inject(I18nService);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);

  /** `form`: what is validated and receives the field errors (null for a confirmation without fields). `send` is called only when it is valid. */
  submit<T>(form: AbstractControl | null, send: () => Observable<T>, options: SubmitOptions<T> = {}): void {
    if (this.busy()) return;
    if (form?.invalid) {
      form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    send().subscribe({
      next: (value) => {
        if (!options.leaves) this.busy.set(false);
        options.saved?.(value);
      },
      error: (error: unknown) => {
        const problem = toApiProblem(error);
        const placed = form ? applyFieldErrors(form, problem) : false;
        const message = problemMessage(this.i18n, problem);
        this.error.set(placed && !options.messageWithFieldErrors ? null : message);
        options.refused?.(problem, message);
        this.busy.set(false);
      },
    });
  }
}
