#include "common/openapi_document.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "nlohmann/json.hpp"

namespace dtr {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using nlohmann::ordered_json;

std::string Ref(const Descriptor* type) {
  return absl::StrCat("#/components/schemas/", type->full_name());
}

// The schema of one value of `field` (not the list of a repeated one).
ordered_json ValueSchema(const FieldDescriptor* field,
                         std::set<const Descriptor*>* needed) {
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE:
      needed->insert(field->message_type());
      return {{"$ref", Ref(field->message_type())}};
    case FieldDescriptor::CPPTYPE_ENUM: {
      ordered_json values = ordered_json::array();
      const google::protobuf::EnumDescriptor* e = field->enum_type();
      for (int i = 0; i < e->value_count(); ++i) {
        values.push_back(e->value(i)->name());
      }
      return {{"type", "string"}, {"enum", values}};
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      return {{"type", "boolean"}};
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_UINT32:
      return {{"type", "integer"}, {"format", "int32"}};
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT64:
      // The proto3 JSON mapping writes 64-bit integers as strings.
      return {{"type", "string"}, {"format", "int64"}};
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
      return {{"type", "number"}};
    case FieldDescriptor::CPPTYPE_STRING:
      if (field->type() == FieldDescriptor::TYPE_BYTES) {
        return {{"type", "string"}, {"format", "byte"}};
      }
      return {{"type", "string"}};
  }
  return {{"type", "string"}};
}

ordered_json FieldSchema(const FieldDescriptor* field,
                         std::set<const Descriptor*>* needed) {
  if (field->is_map()) {
    return {{"type", "object"},
            {"additionalProperties",
             ValueSchema(field->message_type()->map_value(), needed)}};
  }
  if (field->is_repeated()) {
    return {{"type", "array"}, {"items", ValueSchema(field, needed)}};
  }
  return ValueSchema(field, needed);
}

ordered_json MessageSchema(const Descriptor* type,
                           std::set<const Descriptor*>* needed) {
  ordered_json properties = ordered_json::object();
  for (int i = 0; i < type->field_count(); ++i) {
    properties[type->field(i)->name()] = FieldSchema(type->field(i), needed);
  }
  return {{"type", "object"}, {"properties", properties}};
}

// The scalar fields of `type` as query parameters ("range.start_date"),
// leaving out those in `bound`; nested messages to a few levels.
void QueryParameters(const Descriptor* type, const std::string& prefix,
                     const std::set<std::string>& bound, int depth,
                     std::set<const Descriptor*>* needed,
                     ordered_json* parameters) {
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* f = type->field(i);
    const std::string name = prefix + f->name();
    if (bound.count(name) > 0 || f->is_map()) continue;
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (depth < 3 && !f->is_repeated()) {
        QueryParameters(f->message_type(), name + ".", bound, depth + 1, needed,
                        parameters);
      }
      continue;
    }
    parameters->push_back({{"name", name},
                           {"in", "query"},
                           {"required", false},
                           {"schema", FieldSchema(f, needed)}});
  }
}

}  // namespace

std::string OpenApiDocument(const HttpRoutes& routes, const std::string& title,
                            const std::string& version) {
  std::set<const Descriptor*> needed;
  ordered_json paths = ordered_json::object();
  for (const HttpRoute& route : routes.routes()) {
    const Descriptor* input = route.method->input_type();
    const Descriptor* output = route.method->output_type();
    ordered_json parameters = ordered_json::array();
    std::set<std::string> bound;
    for (const std::string& segment : route.segments) {
      if (segment.front() != '{') continue;
      const std::string name = segment.substr(1, segment.size() - 2);
      bound.insert(name);
      parameters.push_back(
          {{"name", name},
           {"in", "path"},
           {"required", true},
           {"schema", FieldSchema(FieldAtPath(input, name), &needed)}});
    }
    if (route.body.empty()) {
      QueryParameters(input, "", bound, 0, &needed, &parameters);
    } else if (route.method->client_streaming()) {
      // An import's options travel as query parameters beside the rows.
      for (int i = 0; i < input->field_count(); ++i) {
        const FieldDescriptor* f = input->field(i);
        if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
            !f->is_repeated()) {
          QueryParameters(f->message_type(), f->name() + ".", bound, 1, &needed,
                          &parameters);
        }
      }
    }
    ordered_json operation = {
        {"operationId", std::string(route.method->name())},
        {"summary", absl::StrCat(route.method->full_name())},
        {"tags", {std::string(route.method->service()->name())}}};
    if (!parameters.empty()) operation["parameters"] = parameters;
    if (!route.body.empty()) {
      ordered_json content = ordered_json::object();
      const Descriptor* body_type = input;
      if (route.body != "*") {
        const FieldDescriptor* f = FieldAtPath(input, route.body);
        if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          body_type = f->message_type();
        }
      }
      needed.insert(body_type);
      content["application/json"] = {{"schema", {{"$ref", Ref(body_type)}}}};
      if (route.method->client_streaming()) {
        content["text/csv"] = {{"schema", {{"type", "string"}}}};
        content["application/x-ndjson"] = {{"schema", {{"type", "string"}}}};
      }
      operation["requestBody"] = {{"required", true}, {"content", content}};
    }
    needed.insert(output);
    ordered_json answer =
        route.method->server_streaming()
            ? ordered_json{{"description",
                            "the streamed answer: a file, or one "
                            "JSON message a line"},
                           {"content",
                            {{"application/octet-stream",
                              {{"schema",
                                {{"type", "string"}, {"format", "binary"}}}}}}}}
            : ordered_json{{"description", "OK"},
                           {"content",
                            {{"application/json",
                              {{"schema", {{"$ref", Ref(output)}}}}}}}};
    operation["responses"] = {
        {"200", answer},
        {"default",
         {{"description", "an error: google.rpc.Status"},
          {"content",
           {{"application/json",
             {{"schema",
               {{"$ref", "#/components/schemas/google.rpc.Status"}}}}}}}}}};
    std::string path = route.path;
    // "{range.start_date}" is a legal OpenAPI name as it is.
    paths[path][absl::AsciiStrToLower(route.verb)] = operation;
  }
  ordered_json schemas = ordered_json::object();
  std::set<const Descriptor*> done;
  while (!needed.empty()) {
    const Descriptor* type = *needed.begin();
    needed.erase(needed.begin());
    if (!done.insert(type).second) continue;
    std::set<const Descriptor*> more;
    schemas[type->full_name()] = MessageSchema(type, &more);
    for (const Descriptor* d : more) {
      if (done.count(d) == 0) needed.insert(d);
    }
  }
  schemas["google.rpc.Status"] = {
      {"type", "object"},
      {"properties",
       {{"code", {{"type", "integer"}, {"format", "int32"}}},
        {"message", {{"type", "string"}}},
        {"details", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
  ordered_json document = {{"openapi", "3.0.3"},
                           {"info", {{"title", title}, {"version", version}}},
                           {"paths", paths},
                           {"components", {{"schemas", schemas}}}};
  return document.dump(2);
}

}  // namespace dtr
