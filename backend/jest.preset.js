/** Shared by the unit and end-to-end Jest configs: ts-jest with the Nest Swagger plugin, as `nest build` compiles. */
const { join } = require('node:path');

module.exports = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  // @google/genai looks for Node's fetch dispatcher on globalThis, which Jest's sandbox lacks.
  setupFiles: [join(__dirname, 'test/support/provider-emulator/undici-dispatcher.jest-setup.ts')],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: join(__dirname, 'tsconfig.json'), astTransformers: { before: [join(__dirname, 'test/support/swagger-transformer.js')] } }],
    // marked ships ES modules only: Node (20.19+) requires them as they are, Jest's CommonJS runtime needs them compiled.
    'node_modules/marked/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' }, isolatedModules: true }],
  },
  transformIgnorePatterns: ['/node_modules/(?!marked/)'],
};
