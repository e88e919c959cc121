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

std::string Quoted(absl::string_view value) {
  constexpr size_t kMost = 40;
  if (value.size() <= kMost) return absl::StrCat("'", value, "'");
  size_t end = kMost;  // not inside a UTF-8 character
  while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) {
    --end;
  }
  return absl::StrCat("'", value.substr(0, end), "…'");
}

absl::Status BadDate(absl::string_view field, absl::string_view value,
                     DateForm form) {
  absl::string_view what = "a date", shape = "YYYY-MM-DD";
  if (form == DateForm::kDayOrTime) {
    what = "a date or a time";
    shape = "YYYY-MM-DD or RFC 3339, e.g. 2023-10-31T08:00:00+07:00";
  } else if (form == DateForm::kMonth) {
    what = "a month";
    shape = "YYYY-MM";
  }
  if (value.empty()) {
    return Invalid(field, absl::StrCat("is required (", shape, ")"));
  }
  return Invalid(
      field, absl::StrCat(Quoted(value), " is not ", what, " (", shape, ")"));
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
