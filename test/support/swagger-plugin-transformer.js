// Lets ts-jest run the same Swagger CLI plugin as `nest build` (see nest-cli.json), so the
// e2e tests see the OpenAPI document users get.
const transformer = require('@nestjs/swagger/plugin');

module.exports.name = 'nestjs-swagger-transformer';
module.exports.version = 1;
module.exports.factory = (compiler) =>
  transformer.before(
    { introspectComments: true, classValidatorShim: true },
    compiler.program,
  );
