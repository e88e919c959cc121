#include "common/batch_sql.h"

#include "absl/strings/str_cat.h"

namespace dtr {

std::string ListPlaceholders(size_t count) {
  std::string out;
  out.reserve(count * 3);
  for (size_t i = 0; i < count; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

std::string ValuesPlaceholders(size_t rows, size_t columns) {
  const std::string row = absl::StrCat("(", ListPlaceholders(columns), ")");
  std::string out;
  out.reserve(rows * (row.size() + 2));
  for (size_t i = 0; i < rows; ++i)
    absl::StrAppend(&out, i == 0 ? "" : ", ", row);
  return out;
}

std::vector<size_t> PowerOfTwoPieces(size_t n, size_t largest) {
  std::vector<size_t> pieces;
  for (size_t size = largest; size > 0 && n > 0; size /= 2) {
    while (n >= size) {
      pieces.push_back(size);
      n -= size;
    }
  }
  return pieces;
}

}  // namespace dtr
