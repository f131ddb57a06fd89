// Unit tests live beside the code (src/<area>/<name>.spec.ts), and beside the test support they check.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'backend-unit',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/support/**/*.spec.ts'],
  // The vendor SDKs classify fetch failures as in production (see the file).
  setupFiles: [...require('./jest.preset').setupFiles, '<rootDir>/test/support/same-realm-fetch.jest-setup.ts'],
};
