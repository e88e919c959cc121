#include "common/request_checks.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace dtr {

absl::StatusOr<DayRange> CheckDateRange(const common::v1::DateRange& range,
                                        absl::string_view field) {
  auto first = ParseIsoDate(range.start_date());
  if (!first) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".start_date: expected YYYY-MM-DD"));
  }
  auto last = ParseIsoDate(range.end_date());
  if (!last) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".end_date: expected YYYY-MM-DD"));
  }
  if (*last < *first) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".end_date: is before ", field, ".start_date"));
  }
  return DayRange{*first, *last};
}

absl::StatusOr<absl::CivilDay> DayOrToday(absl::string_view field,
                                          const std::string& text) {
  if (text.empty()) return Today();
  auto day = ParseIsoDate(text);
  if (!day) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": expected YYYY-MM-DD"));
  }
  return *day;
}

absl::StatusOr<size_t> PageStart(const std::string& token, size_t size) {
  if (token.empty()) return 0;
  uint64_t offset = 0;
  if (!absl::SimpleAtoi(token, &offset) || offset > size) {
    return absl::InvalidArgumentError(
        "page_token: not a token this service gave");
  }
  return static_cast<size_t>(offset);
}

size_t PageSize(int32_t requested, size_t fallback, size_t most) {
  return requested <= 0 ? fallback
                        : std::min(static_cast<size_t>(requested), most);
}

absl::StatusOr<std::optional<absl::flat_hash_set<std::string>>> SubtreeCodesOn(
    const UnitTree& units, const std::string& code, absl::CivilDay day) {
  if (code.empty()) return std::optional<absl::flat_hash_set<std::string>>();
  if (units.Find(code, day) == nullptr) {
    return absl::NotFoundError(absl::StrCat(
        "unit_code: unit '", code, "' does not exist on ", FormatDay(day)));
  }
  absl::flat_hash_set<std::string> subtree;
  for (const SubtreeMember& m : units.Subtree(code, DayRange{day, day})) {
    subtree.insert(m.code);
  }
  return std::optional<absl::flat_hash_set<std::string>>(std::move(subtree));
}

}  // namespace dtr
