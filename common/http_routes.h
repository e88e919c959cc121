// The HTTP face of a gRPC service, as its methods declare it with
// google.api.http options: each route is a verb and a path template
// ("/v1/units/{unit_code}/indicators", "/v1/dossiers:import") bound to one
// method, read from the descriptors the service was built with.
//
// Thread-safe: immutable once built.
#ifndef DTR_COMMON_HTTP_ROUTES_H_
#define DTR_COMMON_HTTP_ROUTES_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"

namespace dtr {

struct HttpRoute {
  std::string verb;  // "GET", "POST", "PUT", "PATCH", "DELETE"
  std::string path;  // the template as declared
  std::string body;  // "*", a field name, or "" (no body)
  const google::protobuf::MethodDescriptor* method = nullptr;
  // The template split at "/": a literal, or a variable "{field.path}".
  std::vector<std::string> segments;
  std::string custom_verb;  // after the last ":", e.g. "import"
  // The gRPC path, "/dtr.stats.v1.StatsService/GetIndicators".
  std::string grpc_method;
};

// A route that matched a request, with the values of its path variables.
struct HttpMatch {
  const HttpRoute* route = nullptr;
  std::map<std::string, std::string> variables;  // field path -> value
};

class HttpRoutes {
 public:
  // The routes of every method of `services` (full names, e.g.
  // "dtr.stats.v1.StatsService"); INVALID_ARGUMENT naming the method when
  // one has no google.api.http option, a malformed template, or a
  // variable that is not a field of its request.
  static absl::StatusOr<HttpRoutes> Build(
      const std::vector<std::string>& services);

  // The route of `verb` and `path`, or none (route null). A path that
  // matches another verb's route only sets `*other_verb`.
  HttpMatch Find(absl::string_view verb, absl::string_view path,
                 bool* other_verb) const;

  const std::vector<HttpRoute>& routes() const { return routes_; }

 private:
  std::vector<HttpRoute> routes_;
};

// The field `path` ("range.start_date") of `message`'s type, or null.
const google::protobuf::FieldDescriptor* FieldAtPath(
    const google::protobuf::Descriptor* message, absl::string_view path);

}  // namespace dtr

#endif  // DTR_COMMON_HTTP_ROUTES_H_
