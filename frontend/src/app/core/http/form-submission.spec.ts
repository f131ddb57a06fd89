import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { Subject, throwError } from 'rxjs';
import { FormSubmission } from './form-submission';

function validationError(): HttpErrorResponse {
  return new HttpErrorResponse({ status: 400, error: { statusCode: 400, code: 'VALIDATION_FAILED', message: 'Invalid request: email', details: [{ field: 'email', message: 'email is taken' }] } });
}

describe('FormSubmission', () => {
  let submission: FormSubmission;
  let form: FormGroup<{ email: FormControl<string> }>;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    submission = TestBed.runInInjectionContext(() => new FormSubmission());
    form = new FormGroup({ email: new FormControl('ada@example.com', { nonNullable: true, validators: [Validators.required] }) });
  });

  it('does not send an invalid form, and shows its errors', () => {
    form.controls.email.setValue('');
    const send = vi.fn();
    submission.submit(form, send);
    expect(send).not.toHaveBeenCalled();
    expect(form.controls.email.touched).toBe(true);
    expect(submission.busy()).toBe(false);
  });

  it('sends one request at a time, and hands over the answer', () => {
    const answer = new Subject<string>();
    const send = vi.fn(() => answer);
    const saved = vi.fn();
    submission.submit(form, send, { saved });
    submission.submit(form, send, { saved });
    expect(send).toHaveBeenCalledTimes(1);
    expect(submission.busy()).toBe(true);
    answer.next('done');
    expect(saved).toHaveBeenCalledWith('done');
    expect(submission.busy()).toBe(false);
  });

  it('stays busy once saved when the form goes away', () => {
    const answer = new Subject<string>();
    submission.submit(form, () => answer, { leaves: true });
    answer.next('done');
    expect(submission.busy()).toBe(true);
  });

  it('puts field errors under their fields, and the banner shows only what no field shows', () => {
    submission.submit(form, () => throwError(validationError));
    expect(form.controls.email.getError('server')).toBe('email is taken');
    expect(submission.error()).toBeNull();
    expect(submission.busy()).toBe(false);

    submission.submit(null, () => throwError(() => new HttpErrorResponse({ status: 401, error: { statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Wrong e-mail or password' } })));
    expect(submission.error()).toBe('Wrong e-mail or password.');
  });

  it('shows the code’s message with the field errors when asked, and tells the form about the refusal', () => {
    const refused = vi.fn();
    submission.submit(form, () => throwError(validationError), { messageWithFieldErrors: true, refused });
    expect(form.controls.email.getError('server')).toBe('email is taken');
    expect(submission.error()).toBe('Some fields are not valid: e-mail.');
    expect(refused).toHaveBeenCalledWith(expect.objectContaining({ fieldErrors: { email: 'email is taken' } }), 'Some fields are not valid: e-mail.');
  });

  it('says so when the server cannot be reached, or answers no message', () => {
    submission.submit(null, () => throwError(() => new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') })));
    expect(submission.error()).toBe('The server cannot be reached. Check your connection and try again.');
    submission.submit(null, () => throwError(() => new HttpErrorResponse({ status: 500, error: '<html></html>' })));
    expect(submission.error()).toBe('Something went wrong. Please try again.');
  });
});
