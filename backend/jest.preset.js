/** Shared by the unit and end-to-end Jest configs: ts-jest with the Nest Swagger plugin, as `nest build` compiles. */
const { join } = require('node:path');

module.exports = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: join(__dirname, 'tsconfig.json'), astTransformers: { before: [join(__dirname, 'test/support/swagger-transformer.js')] } }],
  },
};
