#include "common/request_limits.h"

#include <optional>
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

// A text field longer than kMaxFieldBytes.
struct LongText {
  std::string path;  // below the message searched: "systems[3].name"
  size_t bytes = 0;
  // Its record's index when it lies in a repeated message field of the
  // message searched.
  int record = -1;
};

// The first text field of `message`, at any depth, longer than
// kMaxFieldBytes. Every record of every import passes here, so nothing is
// allocated unless a field is found.
std::optional<LongText> FindLongText(const google::protobuf::Message& message) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Descriptor* d = message.GetDescriptor();
  const google::protobuf::Reflection* r = message.GetReflection();
  std::string scratch;
  for (int k = 0; k < d->field_count(); ++k) {
    const FieldDescriptor* f = d->field(k);
    const bool is_text = f->type() == FieldDescriptor::TYPE_STRING;
    if (!is_text && f->type() != FieldDescriptor::TYPE_MESSAGE) continue;
    if (f->is_map()) continue;  // no record carries one
    std::optional<LongText> found;
    if (f->is_repeated()) {
      const int n = r->FieldSize(message, f);
      for (int i = 0; i < n && !found; ++i) {
        if (is_text) {
          const std::string& value =
              r->GetRepeatedStringReference(message, f, i, &scratch);
          if (value.size() > kMaxFieldBytes) found = LongText{"", value.size()};
        } else if ((found =
                        FindLongText(r->GetRepeatedMessage(message, f, i)))) {
          found->path.insert(0, ".");
          found->record = i;
        }
        if (found) found->path.insert(0, absl::StrCat("[", i, "]"));
      }
    } else if (is_text) {
      const std::string& value = r->GetStringReference(message, f, &scratch);
      if (value.size() > kMaxFieldBytes) found = LongText{"", value.size()};
    } else if (r->HasField(message, f) &&
               (found = FindLongText(r->GetMessage(message, f)))) {
      found->path.insert(0, ".");
      found->record = -1;
    }
    if (found) {
      found->path.insert(0, f->name());
      return found;
    }
  }
  return std::nullopt;
}

}  // namespace

absl::Status CheckFieldLengths(const google::protobuf::Message& message,
                               int64_t first_row) {
  std::optional<LongText> found = FindLongText(message);
  if (!found) return absl::OkStatus();
  std::string error = absl::StrCat(found->path, ": is ", found->bytes,
                                   " bytes long, at most ", kMaxFieldBytes);
  // An error in a record of the request names the record's row.
  if (first_row >= 0 && found->record >= 0) {
    absl::StrAppend(&error, " (row ", first_row + found->record, ")");
  }
  return absl::InvalidArgumentError(error);
}

absl::Status CheckRequestLimits(const google::protobuf::Message& request,
                                int64_t first_row) {
  if (absl::Status s = CheckRecordCount(request); !s.ok()) return s;
  return CheckFieldLengths(request, first_row);
}

}  // namespace dtr
