// Validates an OpenAPI document (a file path) with swagger-parser, a
// validator that is not dtr's: the document against the OpenAPI 3 schema,
// and its $refs resolved. Exit 0 when valid, 1 with the reason otherwise.
const SwaggerParser = require("@apidevtools/swagger-parser");

SwaggerParser.validate(process.argv[2])
  .then((api) => {
    console.log(
      `valid: ${api.info.title}, ${Object.keys(api.paths).length} paths`);
  })
  .catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
