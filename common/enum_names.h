// The words that stand for API enum values in CSV files and on the command
// line ("online", "done_on_time"), kept as small tables of pairs.
#ifndef DTR_COMMON_ENUM_NAMES_H_
#define DTR_COMMON_ENUM_NAMES_H_

#include <cstddef>
#include <utility>

#include "absl/strings/string_view.h"

namespace dtr {

// The word of `value`, or "" when the table has none.
template <typename Enum, size_t N>
absl::string_view NameOf(const std::pair<Enum, absl::string_view> (&names)[N],
                         Enum value) {
  for (const auto& [v, name] : names) {
    if (v == value) return name;
  }
  return "";
}

// The value of `text`; false when the table has no such word.
template <typename Enum, size_t N>
bool ParseName(const std::pair<Enum, absl::string_view> (&names)[N],
               absl::string_view text, Enum* out) {
  for (const auto& [value, name] : names) {
    if (name == text) {
      *out = value;
      return true;
    }
  }
  return false;
}

}  // namespace dtr

#endif  // DTR_COMMON_ENUM_NAMES_H_
