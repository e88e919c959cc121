#include "common/http_request_json.h"

#include "absl/strings/numbers.h"
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

// Sets the scalar `field` of `message` (the last of `path`) to `value`
// through reflection: the path and query values of a request without a
// body, without a trip through JSON.
absl::Status SetScalar(google::protobuf::Message* message,
                       const std::string& path, const std::string& value) {
  const google::protobuf::Reflection* r = message->GetReflection();
  const FieldDescriptor* field = nullptr;
  std::vector<std::string> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    field = message->GetDescriptor()->FindFieldByName(parts[i]);
    if (field == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": no such field of ", message->GetDescriptor()->full_name()));
    }
    if (i + 1 < parts.size()) {
      if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
          field->is_repeated()) {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ": ", parts[i], " has no fields"));
      }
      message = r->MutableMessage(message, field);
      r = message->GetReflection();
    }
  }
  const bool repeated = field->is_repeated();
  const auto bad = [&](absl::string_view expected) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": '", value, "' is not ", expected));
  };
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      if (field->type() == FieldDescriptor::TYPE_BYTES) {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ": bytes travel in a JSON body"));
      }
      repeated ? r->AddString(message, field, value)
               : r->SetString(message, field, value);
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_BOOL: {
      bool b;
      if (value == "true" || value == "1") {
        b = true;
      } else if (value == "false" || value == "0") {
        b = false;
      } else {
        return bad("true or false");
      }
      repeated ? r->AddBool(message, field, b) : r->SetBool(message, field, b);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t n;
      if (!absl::SimpleAtoi(value, &n)) return bad("a 32-bit integer");
      repeated ? r->AddInt32(message, field, n)
               : r->SetInt32(message, field, n);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t n;
      if (!absl::SimpleAtoi(value, &n)) return bad("an integer");
      repeated ? r->AddInt64(message, field, n)
               : r->SetInt64(message, field, n);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t n;
      if (!absl::SimpleAtoi(value, &n)) return bad("an unsigned integer");
      repeated ? r->AddUInt32(message, field, n)
               : r->SetUInt32(message, field, n);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t n;
      if (!absl::SimpleAtoi(value, &n)) return bad("an unsigned integer");
      repeated ? r->AddUInt64(message, field, n)
               : r->SetUInt64(message, field, n);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
      double d;
      if (!absl::SimpleAtod(value, &d)) return bad("a number");
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT) {
        repeated ? r->AddFloat(message, field, static_cast<float>(d))
                 : r->SetFloat(message, field, static_cast<float>(d));
      } else {
        repeated ? r->AddDouble(message, field, d)
                 : r->SetDouble(message, field, d);
      }
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const google::protobuf::EnumValueDescriptor* e =
          field->enum_type()->FindValueByName(value);
      int number;
      if (e == nullptr && absl::SimpleAtoi(value, &number)) {
        e = field->enum_type()->FindValueByNumber(number);
      }
      if (e == nullptr) {
        return bad(absl::StrCat("a value of ", field->enum_type()->name()));
      }
      repeated ? r->AddEnum(message, field, e) : r->SetEnum(message, field, e);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      path, ": is a message; give its fields (", path, ".FIELD=…)"));
}

}  // namespace

absl::Status RequestFromHttp(
    const HttpMatch& match,
    const std::vector<std::pair<std::string, std::string>>& query,
    const std::string* json_body, google::protobuf::Message* request) {
  const google::protobuf::Descriptor* type = request->GetDescriptor();
  const std::string& body_field = match.route->body;
  if (json_body == nullptr || json_body->empty() || body_field.empty()) {
    for (const auto& [name, value] : query) {
      if (absl::Status s = SetScalar(request, name, value); !s.ok()) return s;
    }
    for (const auto& [name, value] : match.variables) {
      if (absl::Status s = SetScalar(request, name, value); !s.ok()) return s;
    }
    return absl::OkStatus();
  }
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
