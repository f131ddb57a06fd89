import { FormControl } from '@angular/forms';
import { passwordRule } from './password.validator';

describe('passwordRule', () => {
  const check = (value: string) => passwordRule(new FormControl(value));

  it.each(['abcdefghi1', 'correct horse battery 9', '1234567890a'])('accepts %j', (value) => {
    expect(check(value)).toBeNull();
  });

  it.each([
    ['too short', 'abcdefgh1'],
    ['no digit', 'abcdefghijk'],
    ['no letter', '12345678901'],
    ['too long', `a1${'x'.repeat(199)}`],
  ])('refuses a password with %s', (_reason, value) => {
    expect(check(value)).toEqual({ passwordRule: true });
  });

  it('leaves an empty value to the required validator', () => {
    expect(check('')).toBeNull();
  });
});
