// An HTTP request as the request message of its route's method: the path
// variables and the query parameters ("range.start_date=2023-10-01") set
// the fields they name, and the body (JSON, the proto3 mapping) fills the
// whole request or the field the route names. INVALID_ARGUMENT naming the
// field or parameter otherwise.
#ifndef DTR_COMMON_HTTP_REQUEST_JSON_H_
#define DTR_COMMON_HTTP_REQUEST_JSON_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "common/http_routes.h"
#include "google/protobuf/message.h"

namespace dtr {

absl::Status RequestFromHttp(
    const HttpMatch& match,
    const std::vector<std::pair<std::string, std::string>>& query,
    const std::string* json_body, google::protobuf::Message* request);

// A message as the proto3 JSON mapping with the API's field names.
std::string MessageJson(const google::protobuf::Message& message);

}  // namespace dtr

#endif  // DTR_COMMON_HTTP_REQUEST_JSON_H_
