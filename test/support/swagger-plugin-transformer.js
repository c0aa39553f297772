// Lets ts-jest run the same Swagger CLI plugin as `nest build` (see nest-cli.json), so the
// e2e tests see the OpenAPI document users get.
const transformer = require('@nestjs/swagger/plugin');

const options = { introspectComments: true, classValidatorShim: true };

module.exports.name = 'nestjs-swagger-transformer';
// Bump when this file changes: jest caches what transformers produce.
module.exports.version = 2;
// ts-jest's `compiler.program` is the Program of its first compile, whose type checker knows
// nothing of files added since, so a DTO's property typed with a class from another file
// would come out as `object`. The language service's current Program knows every file.
module.exports.factory = (compiler) => (context) => (sourceFile) => {
  const program = compiler._languageService?.getProgram() ?? compiler.program;
  return transformer.before(options, program)(context)(sourceFile);
};
