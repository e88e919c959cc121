#include "common/request_limits.h"

#include <string>
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

namespace {

// `first_row` < 0: `message` is not the request, its records have no row.
absl::Status CheckLengthsUnder(const google::protobuf::Message& message,
                               const std::string& prefix, int64_t first_row) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection* r = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  r->ListFields(message, &fields);
  std::string scratch;
  for (const FieldDescriptor* f : fields) {
    const std::string name = prefix + f->name();
    auto check = [&](const std::string& value,
                     const std::string& path) -> absl::Status {
      if (value.size() <= kMaxFieldBytes) return absl::OkStatus();
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": is ", value.size(), " bytes long, at most ",
                       kMaxFieldBytes));
    };
    // An error below a record of the request names the record's row.
    auto in_row = [&](absl::Status s, int i) {
      if (s.ok() || first_row < 0) return s;
      return absl::InvalidArgumentError(
          absl::StrCat(s.message(), " (row ", first_row + i, ")"));
    };
    const bool is_text = f->type() == FieldDescriptor::TYPE_STRING;
    const bool is_message = f->type() == FieldDescriptor::TYPE_MESSAGE;
    if (!is_text && !is_message) continue;
    if (f->is_map()) continue;  // no record carries one
    if (f->is_repeated()) {
      for (int i = 0; i < r->FieldSize(message, f); ++i) {
        const std::string path = absl::StrCat(name, "[", i, "]");
        absl::Status s =
            is_text
                ? check(r->GetRepeatedStringReference(message, f, i, &scratch),
                        path)
                : in_row(CheckLengthsUnder(r->GetRepeatedMessage(message, f, i),
                                           path + ".", -1),
                         i);
        if (!s.ok()) return s;
      }
    } else {
      absl::Status s =
          is_text
              ? check(r->GetStringReference(message, f, &scratch), name)
              : CheckLengthsUnder(r->GetMessage(message, f), name + ".", -1);
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckFieldLengths(const google::protobuf::Message& message,
                               int64_t first_row) {
  return CheckLengthsUnder(message, "", first_row);
}

absl::Status CheckRequestLimits(const google::protobuf::Message& request,
                                int64_t first_row) {
  if (absl::Status s = CheckRecordCount(request); !s.ok()) return s;
  return CheckFieldLengths(request, first_row);
}

}  // namespace dtr
