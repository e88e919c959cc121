#include "common/field_checks.h"

#include "absl/strings/str_cat.h"

namespace dtr {

absl::Status Invalid(absl::string_view field, absl::string_view reason) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", reason));
}

absl::Status CheckId(absl::string_view field, const std::string& value) {
  if (value.empty()) return Invalid(field, "is required");
  if (value.size() > kMaxIdLength) {
    return Invalid(
        field, absl::StrCat("is longer than ", kMaxIdLength, " characters"));
  }
  return absl::OkStatus();
}

bool IsRowError(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kPermissionDenied:
      return true;
    default:
      return false;
  }
}

}  // namespace dtr
