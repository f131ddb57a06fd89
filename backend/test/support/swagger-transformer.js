/** ts-jest wrapper around the Nest Swagger CLI plugin, so tests see the same API metadata as `nest build`. */
const plugin = require('@nestjs/swagger/plugin');
const nestCli = require('../../nest-cli.json');

const options = nestCli.compilerOptions.plugins.find((p) => p.name === '@nestjs/swagger').options;

module.exports = {
  name: 'nestjs-swagger-transformer',
  version: 1,
  factory: (compiler) => plugin.before(options, compiler.program),
};
