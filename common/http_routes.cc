#include "common/http_routes.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/api/annotations.pb.h"

namespace dtr {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::MethodDescriptor;

bool IsVariable(absl::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

absl::Status Bad(const MethodDescriptor* method, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("http route of ", method->full_name(), ": ", why));
}

absl::StatusOr<HttpRoute> RouteOf(const MethodDescriptor* method) {
  if (!method->options().HasExtension(google::api::http)) {
    return Bad(method, "no google.api.http option");
  }
  const google::api::HttpRule& rule =
      method->options().GetExtension(google::api::http);
  HttpRoute route;
  route.method = method;
  route.body = rule.body();
  route.grpc_method =
      absl::StrCat("/", method->service()->full_name(), "/", method->name());
  switch (rule.pattern_case()) {
    case google::api::HttpRule::kGet:
      route.verb = "GET", route.path = rule.get();
      break;
    case google::api::HttpRule::kPut:
      route.verb = "PUT", route.path = rule.put();
      break;
    case google::api::HttpRule::kPost:
      route.verb = "POST", route.path = rule.post();
      break;
    case google::api::HttpRule::kDelete:
      route.verb = "DELETE", route.path = rule.delete_();
      break;
    case google::api::HttpRule::kPatch:
      route.verb = "PATCH", route.path = rule.patch();
      break;
    default:
      return Bad(method, "only GET, PUT, POST, DELETE and PATCH are served");
  }
  if (!absl::StartsWith(route.path, "/")) {
    return Bad(method,
               absl::StrCat("'", route.path, "' does not start with /"));
  }
  std::string path = route.path.substr(1);
  // A custom verb follows the last segment: "dossiers:import".
  const size_t colon = path.rfind(':');
  if (colon != std::string::npos &&
      path.find('}', colon) == std::string::npos) {
    route.custom_verb = path.substr(colon + 1);
    path.resize(colon);
  }
  const Descriptor* input = method->input_type();
  for (absl::string_view segment : absl::StrSplit(path, '/')) {
    if (segment.empty()) return Bad(method, "an empty path segment");
    if (IsVariable(segment)) {
      const absl::string_view field = segment.substr(1, segment.size() - 2);
      const FieldDescriptor* f = FieldAtPath(input, field);
      if (f == nullptr || f->is_repeated() ||
          f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        return Bad(method,
                   absl::StrCat("{", field, "} is not a scalar field of ",
                                input->full_name()));
      }
    }
    route.segments.emplace_back(segment);
  }
  if (!route.body.empty() && route.body != "*" &&
      FieldAtPath(input, route.body) == nullptr) {
    return Bad(method,
               absl::StrCat("body '", route.body, "' is not a field of ",
                            input->full_name()));
  }
  if (route.verb == "GET" && !route.body.empty()) {
    return Bad(method, "a GET has no body");
  }
  return route;
}

}  // namespace

const FieldDescriptor* FieldAtPath(const Descriptor* message,
                                   absl::string_view path) {
  const FieldDescriptor* field = nullptr;
  for (absl::string_view name : absl::StrSplit(path, '.')) {
    if (message == nullptr) return nullptr;
    field = message->FindFieldByName(std::string(name));
    if (field == nullptr) return nullptr;
    message = field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE
                  ? field->message_type()
                  : nullptr;
  }
  return field;
}

absl::StatusOr<HttpRoutes> HttpRoutes::Build(
    const std::vector<std::string>& services) {
  HttpRoutes out;
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            name);
    if (service == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("http routes: no service ", name));
    }
    for (int i = 0; i < service->method_count(); ++i) {
      auto route = RouteOf(service->method(i));
      if (!route.ok()) return route.status();
      for (const HttpRoute& other : out.routes_) {
        if (other.verb == route->verb && other.path == route->path) {
          return Bad(route->method,
                     absl::StrCat(route->verb, " ", route->path, " is also ",
                                  other.method->full_name()));
        }
      }
      out.routes_.push_back(std::move(*route));
    }
  }
  return out;
}

HttpMatch HttpRoutes::Find(absl::string_view verb, absl::string_view path,
                           bool* other_verb) const {
  *other_verb = false;
  if (!absl::ConsumePrefix(&path, "/")) return {};
  std::string custom_verb;
  const size_t colon = path.rfind(':');
  const size_t slash = path.rfind('/');
  if (colon != absl::string_view::npos &&
      (slash == absl::string_view::npos || colon > slash)) {
    custom_verb = std::string(path.substr(colon + 1));
    path = path.substr(0, colon);
  }
  const std::vector<absl::string_view> segments = absl::StrSplit(path, '/');
  // Literal segments win over variables: the most literal route matches.
  HttpMatch best;
  int best_literals = -1;
  for (const HttpRoute& route : routes_) {
    if (route.segments.size() != segments.size() ||
        route.custom_verb != custom_verb) {
      continue;
    }
    // The literals first: the variables are copied out only for the route
    // that matches best.
    int literals = 0;
    bool matched = true;
    for (size_t i = 0; i < segments.size() && matched; ++i) {
      const std::string& want = route.segments[i];
      if (IsVariable(want)) {
        matched = !segments[i].empty();
      } else if (want == segments[i]) {
        ++literals;
      } else {
        matched = false;
      }
    }
    if (!matched) continue;
    if (route.verb != verb) {
      *other_verb = true;
      continue;
    }
    if (literals > best_literals) {
      best.route = &route;
      best_literals = literals;
    }
  }
  if (best.route == nullptr) return best;
  *other_verb = false;
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& want = best.route->segments[i];
    if (IsVariable(want)) {
      best.variables[want.substr(1, want.size() - 2)] =
          std::string(segments[i]);
    }
  }
  return best;
}

}  // namespace dtr
