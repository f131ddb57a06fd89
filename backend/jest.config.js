// Unit tests live beside the code (src/<area>/<name>.spec.ts), and beside the test support they check.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'backend-unit',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/support/**/*.spec.ts'],
};
