// dtctl's spreadsheets: a workbook written to a file, and the cells a rate
// takes in one (numerator, denominator, ratio as a percentage).
#ifndef DTR_TOOLS_DTCTL_XLSX_OUTPUT_H_
#define DTR_TOOLS_DTCTL_XLSX_OUTPUT_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/xlsx_workbook.h"
#include "dtr/common/v1/types.pb.h"

namespace dtr::dtctl {

// Rows a list's sheet may have: a sheet is built whole in memory (some
// 600 bytes a row of a dossier), so far below Excel's 1,048,575; --csv
// streams any length.
inline constexpr size_t kMaxXlsxRows = 200'000;

// Writes `sheets` into `path`, dated now.
absl::Status WriteXlsxFile(const std::string& path,
                           const std::vector<XlsxSheet>& sheets);

// Numerator, denominator and ratio (empty without a denominator).
std::vector<XlsxCell> RateCells(const common::v1::Ratio& rate);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_XLSX_OUTPUT_H_
