// A spreadsheet of tables, written by libxlsxwriter: one sheet per table,
// its header row in bold and frozen, numbers as numbers (a rate as a
// fraction shown as a percentage, counts with thousands separators),
// columns as wide as their longest cell.
//
// Writes a file of its own in the temporary directory ($TMPDIR, else
// /tmp; libxlsxwriter's own scratch files too), reads it back and removes
// it. Thread-compatible calls on distinct files; libxlsxwriter formats
// dates with gmtime(), so calls are serialised.
#ifndef DTR_COMMON_XLSX_WORKBOOK_H_
#define DTR_COMMON_XLSX_WORKBOOK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace dtr {

struct XlsxCell {
  enum class Kind { kEmpty, kText, kInteger, kFraction };
  static XlsxCell Text(std::string text) {
    return {Kind::kText, std::move(text), 0};
  }
  static XlsxCell Integer(int64_t value) {
    return {Kind::kInteger, "", static_cast<double>(value)};
  }
  // 0.7205, shown as 72.05%.
  static XlsxCell Fraction(double value) {
    return {Kind::kFraction, "", value};
  }
  static XlsxCell Empty() { return {Kind::kEmpty, "", 0}; }

  Kind kind = Kind::kEmpty;
  std::string text;
  double number = 0;
};

struct XlsxSheet {
  // At most 31 characters, none of []:*?/\ (Excel's rule).
  std::string name;
  std::vector<std::string> headers;
  std::vector<std::vector<XlsxCell>> rows;
};

// The workbook's bytes, dated `created` (the same content and date give
// the same bytes); INTERNAL when libxlsxwriter fails (the sheet named).
absl::StatusOr<std::string> WriteXlsx(const std::vector<XlsxSheet>& sheets,
                                      absl::Time created);

}  // namespace dtr

#endif  // DTR_COMMON_XLSX_WORKBOOK_H_
