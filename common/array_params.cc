#include "common/array_params.h"

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace dtr {

ArrayParams::ArrayParams(size_t columns) : elements_(columns) {}

std::string& ArrayParams::Next(int index) {
  std::string& column =
      elements_[static_cast<size_t>(index - 1) % elements_.size()];
  if (!column.empty()) column += ',';
  return column;
}

void ArrayParams::BindInt(int index, int64_t value) {
  absl::StrAppend(&Next(index), value);
}

void ArrayParams::BindText(int index, absl::string_view value) {
  std::string& column = Next(index);
  column += '"';
  for (char c : value) {
    if (c == '"' || c == '\\') column += '\\';
    column += c;
  }
  column += '"';
}

void ArrayParams::BindBlob(int index, absl::string_view bytes) {
  // "\\x0a1b": bytea's hex form, its backslash escaped in the element.
  absl::StrAppend(&Next(index), "\"\\\\x", absl::BytesToHexString(bytes), "\"");
}

void ArrayParams::BindNull(int index) { Next(index) += "NULL"; }

absl::StatusOr<bool> ArrayParams::Step() {
  return absl::InternalError("ArrayParams collects parameters; it runs none");
}

void ArrayParams::Reset() {
  for (std::string& column : elements_) column.clear();
}

std::string ArrayParams::Literal(size_t column) const {
  return absl::StrCat("{", elements_[column], "}");
}

void ArrayParams::BindTo(Statement* statement) const {
  for (size_t c = 0; c < elements_.size(); ++c) {
    statement->BindText(static_cast<int>(c + 1), Literal(c));
  }
}

}  // namespace dtr
