#include "common/http_request_json.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"

namespace dtr {
namespace {

using google::protobuf::FieldDescriptor;
using nlohmann::json;

// Sets `path` in `root` to the parameter `value`, typed as the field is.
absl::Status SetParameter(const google::protobuf::Descriptor* type,
                          const std::string& name, const std::string& value,
                          json* root) {
  const FieldDescriptor* field = FieldAtPath(type, name);
  if (field == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": no such field of ", type->full_name()));
  }
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    return absl::InvalidArgumentError(absl::StrCat(
        name, ": is a message; give its fields (", name, ".FIELD=…)"));
  }
  json typed = value;
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_BOOL) {
    if (value == "true" || value == "1") {
      typed = true;
    } else if (value == "false" || value == "0") {
      typed = false;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": '", value, "' is not true or false"));
    }
  }
  json* at = root;
  for (absl::string_view part : absl::StrSplit(name, '.')) {
    if (!at->is_object()) *at = json::object();
    at = &(*at)[std::string(part)];
  }
  if (field->is_repeated()) {
    if (!at->is_array()) *at = json::array();
    at->push_back(std::move(typed));
  } else {
    *at = std::move(typed);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status RequestFromHttp(
    const HttpMatch& match,
    const std::vector<std::pair<std::string, std::string>>& query,
    const std::string* json_body, google::protobuf::Message* request) {
  const google::protobuf::Descriptor* type = request->GetDescriptor();
  const std::string& body_field = match.route->body;
  json root = json::object();
  if (json_body != nullptr && !json_body->empty() && !body_field.empty()) {
    json body = json::parse(*json_body, nullptr, false);
    if (body.is_discarded()) {
      return absl::InvalidArgumentError("body: not JSON");
    }
    if (body_field == "*") {
      if (!body.is_object()) {
        return absl::InvalidArgumentError("body: expected a JSON object");
      }
      root = std::move(body);
    } else {
      root[body_field] = std::move(body);
    }
  }
  for (const auto& [name, value] : query) {
    if (absl::Status s = SetParameter(type, name, value, &root); !s.ok()) {
      return s;
    }
  }
  for (const auto& [name, value] : match.variables) {
    if (absl::Status s = SetParameter(type, name, value, &root); !s.ok()) {
      return s;
    }
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      root.dump(), request, options);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("body: ", std::string(parsed.message())));
  }
  return absl::OkStatus();
}

std::string MessageJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  return out;
}

}  // namespace dtr
