// Checks of request fields every service's API shares: date ranges, days,
// page tokens, and the unit subtree a request filters by. Errors are
// INVALID_ARGUMENT (NOT_FOUND for an unknown unit) naming the field.
#ifndef DTR_COMMON_REQUEST_CHECKS_H_
#define DTR_COMMON_REQUEST_CHECKS_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/dates.h"
#include "common/unit_tree.h"
#include "dtr/common/v1/types.pb.h"

namespace dtr {

// A range of "YYYY-MM-DD" days, the end not before the start.
absl::StatusOr<DayRange> CheckDateRange(const common::v1::DateRange& range,
                                        absl::string_view field = "range");

// A "YYYY-MM-DD" day, or today when `text` is empty.
absl::StatusOr<absl::CivilDay> DayOrToday(absl::string_view field,
                                          const std::string& text);

// The offset a page token this service gave stands for (0 for none).
absl::StatusOr<int64_t> PageOffset(const std::string& token);
// Where a page starts: an offset token this service gave, within `size`.
absl::StatusOr<size_t> PageStart(const std::string& token, size_t size);

// How many items a page holds: `fallback` when the caller asks for 0 (or
// less), at most `most`.
struct PageSizes {
  size_t fallback = 500;
  size_t most = 5000;
};
size_t PageSize(int32_t requested, PageSizes sizes = PageSizes());

// Adds one page of `items` (from `token`, `page_size` of them) with `add`,
// and sets the token of the next page, if there is one.
template <typename T, typename Add>
absl::Status AddPage(const std::vector<const T*>& items, int32_t page_size,
                     const std::string& token, Add add,
                     std::string* next_page_token,
                     PageSizes sizes = PageSizes()) {
  auto start = PageStart(token, items.size());
  if (!start.ok()) return start.status();
  const size_t end =
      std::min(items.size(), *start + PageSize(page_size, sizes));
  for (size_t i = *start; i < end; ++i) add(*items[i]);
  if (end < items.size()) *next_page_token = absl::StrCat(end);
  return absl::OkStatus();
}

// The codes of a unit's subtree on a day; no filter (nullopt) when `code`
// is empty. NOT_FOUND when the unit does not exist that day.
absl::StatusOr<std::optional<absl::flat_hash_set<std::string>>> SubtreeCodesOn(
    const UnitTree& units, const std::string& code, absl::CivilDay day);

}  // namespace dtr

#endif  // DTR_COMMON_REQUEST_CHECKS_H_
