#include "common/request_checks.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/field_checks.h"

namespace dtr {

absl::StatusOr<DayRange> CheckDateRange(const common::v1::DateRange& range,
                                        absl::string_view field) {
  auto first = ParseIsoDate(range.start_date());
  if (!first) {
    return BadDate(absl::StrCat(field, ".start_date"), range.start_date());
  }
  auto last = ParseIsoDate(range.end_date());
  if (!last) return BadDate(absl::StrCat(field, ".end_date"), range.end_date());
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
  if (!day) return BadDate(field, text);
  return *day;
}

absl::StatusOr<int64_t> PageOffset(const std::string& token) {
  int64_t offset = 0;
  if (!token.empty() && (!absl::SimpleAtoi(token, &offset) || offset < 0)) {
    return Invalid("page_token", "not a token this service gave");
  }
  return offset;
}

absl::StatusOr<size_t> PageStart(const std::string& token, size_t size) {
  absl::StatusOr<int64_t> offset = PageOffset(token);
  if (!offset.ok()) return offset.status();
  if (static_cast<uint64_t>(*offset) > size) {
    return Invalid("page_token", "not a token this service gave");
  }
  return static_cast<size_t>(*offset);
}

size_t PageSize(int32_t requested, PageSizes sizes) {
  return requested <= 0 ? sizes.fallback
                        : std::min(static_cast<size_t>(requested), sizes.most);
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
