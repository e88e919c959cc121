// Binding a row of values and reading a result row by row, the way every
// store's SQL does: BindRow binds values by their type from a 1-based
// parameter index (text as text, integers and booleans as integers, an unset
// optional as NULL), and ForEachRow steps a statement through its rows.
//
// Templates over the caller's statement, which is not shared.
#ifndef DTR_COMMON_STATEMENT_ROWS_H_
#define DTR_COMMON_STATEMENT_ROWS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/database.h"

namespace dtr {

inline void BindValue(Statement* s, int index, absl::string_view text) {
  s->BindText(index, text);
}
inline void BindValue(Statement* s, int index, const std::string& text) {
  s->BindText(index, text);
}
// Text bound in place (Statement::BindKeptText): the caller keeps it until
// the statement is reset. Made only from text that outlives the
// expression, never from a temporary string.
class KeptText {
 public:
  explicit KeptText(const std::string& text) : text_(text) {}
  explicit KeptText(std::string&&) = delete;
  // Text with storage of its own: a string literal's, a name table's.
  explicit KeptText(absl::string_view text) : text_(text) {}
  absl::string_view text() const { return text_; }

 private:
  absl::string_view text_;
};
inline void BindValue(Statement* s, int index, const KeptText& text) {
  s->BindKeptText(index, text.text());
}
template <typename Int, typename = std::enable_if_t<std::is_integral_v<Int> ||
                                                    std::is_enum_v<Int>>>
void BindValue(Statement* s, int index, Int value) {
  s->BindInt(index, static_cast<int64_t>(value));
}

// An unset value is NULL.
template <typename T>
void BindValue(Statement* s, int index, const std::optional<T>& value) {
  if (value) {
    BindValue(s, index, *value);
  } else {
    s->BindNull(index);
  }
}

// Binds `values` to parameters `first`, `first` + 1, ...
template <typename... Values>
void BindRow(Statement* s, int first, const Values&... values) {
  int index = first;
  (BindValue(s, index++, values), ...);
}

// Calls `row(statement)` for each result row; stops at the first error,
// of the store's or of `row` (absl::Status).
template <typename Row>
absl::Status ForEachRow(Statement* statement, Row row) {
  while (true) {
    absl::StatusOr<bool> more = statement->Step();
    if (!more.ok()) return more.status();
    if (!*more) return absl::OkStatus();
    if (absl::Status s = row(*statement); !s.ok()) return s;
  }
}

}  // namespace dtr

#endif  // DTR_COMMON_STATEMENT_ROWS_H_
