// Unit tests live beside the code (src/<area>/<name>.spec.ts), and beside the test support they check.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'backend-unit',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/support/**/*.spec.ts'],
  // Controller specs load the auth module (its JWT strategy) but never hash a password: argon2's
  // native addon stays out of unit tests (see the stub for why).
  moduleNameMapper: { '^argon2$': '<rootDir>/test/support/argon2.stub.ts' },
  // The vendor SDKs classify fetch failures as in production (see the file).
  setupFiles: [...require('./jest.preset').setupFiles, '<rootDir>/test/support/same-realm-fetch.jest-setup.ts'],
};
