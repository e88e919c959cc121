// A message as the proto3 JSON mapping with the API's field names, written
// by walking the message with reflection: the REST/JSON face's answers.
// Equal, as JSON, to protobuf's MessageToJsonString with
// preserve_proto_field_names (fields at their defaults left out, 64-bit
// integers as strings, enums by name, bytes in base64), at a fraction of
// its cost (no intermediate stream of events, no type resolver). Covers
// what dtr's API uses: no maps of messages' well-known types, no Any.
#ifndef DTR_COMMON_PROTO_JSON_WRITER_H_
#define DTR_COMMON_PROTO_JSON_WRITER_H_

#include <string>

#include "google/protobuf/message.h"

namespace dtr {

void AppendMessageJson(const google::protobuf::Message& message,
                       std::string* out);

}  // namespace dtr

#endif  // DTR_COMMON_PROTO_JSON_WRITER_H_
