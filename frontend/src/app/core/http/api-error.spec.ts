import { HttpErrorResponse } from '@angular/common/http';
import { toApiProblem } from './api-error';

describe('toApiProblem', () => {
  it('reads the server’s problem and its field errors', () => {
    const error = new HttpErrorResponse({
      status: 400,
      error: { statusCode: 400, code: 'VALIDATION_FAILED', message: 'Invalid input', details: [{ field: 'name', message: 'is required.' }] },
    });
    expect(toApiProblem(error)).toEqual({ status: 400, code: 'VALIDATION_FAILED', message: 'Invalid input', fieldErrors: { name: 'is required.' }, params: {} });
  });

  it('reads a problem that arrived as text (calls made with responseType text)', () => {
    const error = new HttpErrorResponse({ status: 409, error: '{"statusCode":409,"code":"FOLDER_NOT_EMPTY","message":"The folder holds 1 file(s)"}' });
    expect(toApiProblem(error)).toMatchObject({ status: 409, code: 'FOLDER_NOT_EMPTY', message: 'The folder holds 1 file(s)' });
  });

  it('has no message for a network failure or an HTML error page', () => {
    expect(toApiProblem(new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') }))).toMatchObject({ code: 'NETWORK_ERROR', message: null });
    expect(toApiProblem(new HttpErrorResponse({ status: 502, error: '<html>Bad gateway</html>' }))).toMatchObject({ code: 'ERROR', message: null });
    expect(toApiProblem(new HttpErrorResponse({ status: 500, error: '{not json' }))).toMatchObject({ code: 'ERROR', message: null });
  });

  it('is a client error for anything that is not an HTTP error', () => {
    expect(toApiProblem(new Error('boom'))).toEqual({ status: 0, code: 'CLIENT_ERROR', message: null, fieldErrors: {}, params: {} });
  });
});
