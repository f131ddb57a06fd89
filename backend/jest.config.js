// Unit tests live beside the code: src/<area>/<name>.spec.ts.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'backend-unit',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
