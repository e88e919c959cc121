#include "tools/dtctl/xlsx_output.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tools/dtctl/csv_writer.h"
#include "tools/dtctl/paged_csv.h"

namespace dtr::dtctl {

absl::Status WriteXlsxFile(const std::string& path,
                           const std::vector<XlsxSheet>& sheets) {
  auto bytes = WriteXlsx(sheets, absl::Now());
  if (!bytes.ok()) return bytes.status();
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (out == nullptr) {
    return absl::UnavailableError(absl::StrCat("cannot write ", path));
  }
  const bool written =
      std::fwrite(bytes->data(), 1, bytes->size(), out) == bytes->size();
  if (std::fclose(out) != 0 || !written) {
    return absl::UnavailableError(absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

std::vector<XlsxCell> RateCells(const common::v1::Ratio& rate) {
  return {
      XlsxCell::Integer(rate.numerator()),
      XlsxCell::Integer(rate.denominator()),
      rate.has_ratio() ? XlsxCell::Fraction(rate.ratio()) : XlsxCell::Empty()};
}

std::string CsvLineOf(const std::vector<XlsxCell>& cells) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += ',';
    const XlsxCell& c = cells[i];
    switch (c.kind) {
      case XlsxCell::Kind::kText:
        line += CsvField(c.text);
        break;
      case XlsxCell::Kind::kInteger:
        absl::StrAppend(&line, static_cast<int64_t>(c.number));
        break;
      case XlsxCell::Kind::kFraction:
        absl::StrAppend(&line, c.number);
        break;
      case XlsxCell::Kind::kEmpty:
        break;
    }
  }
  return line;
}

}  // namespace dtr::dtctl
