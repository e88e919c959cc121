#include "common/request_limits.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"

namespace dtr {

int64_t RecordsIn(const google::protobuf::Message& request) {
  const google::protobuf::Reflection* r = request.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  r->ListFields(request, &fields);
  int64_t records = 0;
  for (const auto* f : fields) {
    if (f->is_repeated() &&
        f->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE) {
      records += r->FieldSize(request, f);
    }
  }
  return records;
}

absl::Status CheckRecordCount(const google::protobuf::Message& request) {
  const google::protobuf::Reflection* r = request.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  r->ListFields(request, &fields);
  for (const auto* f : fields) {
    if (!f->is_repeated() ||
        f->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE) {
      continue;
    }
    const int count = r->FieldSize(request, f);
    if (count > kMaxRecordsPerMessage) {
      return absl::InvalidArgumentError(absl::StrCat(
          f->name(), ": ", count, " records in one message, at most ",
          kMaxRecordsPerMessage, " (send them in several messages)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace dtr
