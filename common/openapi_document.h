// The OpenAPI 3 document of a service's REST/JSON face, generated from the
// routes and the message descriptors (GET /openapi.json): every route with
// its path and query parameters, its request body and its answer, and the
// schemas of the messages in the proto3 JSON mapping with the API's field
// names; errors are google.rpc.Status.
#ifndef DTR_COMMON_OPENAPI_DOCUMENT_H_
#define DTR_COMMON_OPENAPI_DOCUMENT_H_

#include <string>

#include "common/http_routes.h"

namespace dtr {

std::string OpenApiDocument(const HttpRoutes& routes, const std::string& title,
                            const std::string& version);

}  // namespace dtr

#endif  // DTR_COMMON_OPENAPI_DOCUMENT_H_
