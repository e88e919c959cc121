#include "common/xlsx_workbook.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "xlsxwriter.h"

namespace dtr {
namespace {

// Characters of UTF-8 text (a Vietnamese letter is one, however many bytes).
size_t Characters(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

// How wide a cell shows: its text, or its number as formatted.
size_t Shown(const XlsxCell& cell) {
  switch (cell.kind) {
    case XlsxCell::Kind::kText:
      return Characters(cell.text);
    case XlsxCell::Kind::kInteger:
      // Digits and separators.
      return absl::StrCat(static_cast<int64_t>(cell.number)).size() * 4 / 3 + 1;
    case XlsxCell::Kind::kFraction:
      return 8;
    case XlsxCell::Kind::kEmpty:
      return 0;
  }
  return 0;
}

}  // namespace

absl::StatusOr<std::string> WriteXlsx(const std::vector<XlsxSheet>& sheets,
                                      absl::Time created) {
  // libxlsxwriter formats its dates with gmtime(), which is not reentrant.
  static absl::Mutex* const one_at_a_time = new absl::Mutex;
  absl::MutexLock lock(one_at_a_time);
  const char* base = std::getenv("TMPDIR");
  std::string dir = base != nullptr ? base : "/tmp";
  std::string path = absl::StrCat(dir, "/dtr-xlsx-XXXXXX");
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return absl::InternalError("xlsx: cannot make a temporary file");
  ::close(fd);
  struct Remove {
    std::string path;
    ~Remove() { ::unlink(path.c_str()); }
  } remove{path};

  lxw_workbook_options options = {};
  options.tmpdir = dir.data();
  lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
  if (book == nullptr) return absl::InternalError("xlsx: cannot start a book");
  lxw_doc_properties properties = {};
  properties.created = absl::ToTimeT(created);
  workbook_set_properties(book, &properties);
  lxw_format* header = workbook_add_format(book);
  format_set_bold(header);
  format_set_text_wrap(header);
  format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
  format_set_bg_color(header, 0xDDE5F0);
  lxw_format* integer = workbook_add_format(book);
  format_set_num_format(integer, "#,##0");
  lxw_format* fraction = workbook_add_format(book);
  format_set_num_format(fraction, "0.00%");

  for (const XlsxSheet& sheet : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(book, sheet.name.c_str());
    if (ws == nullptr) {
      workbook_close(book);
      return absl::InternalError(
          absl::StrCat("xlsx: sheet '", sheet.name, "' cannot be added"));
    }
    std::vector<size_t> widths(sheet.headers.size(), 8);
    for (size_t c = 0; c < sheet.headers.size(); ++c) {
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c),
                             sheet.headers[c].c_str(), header);
      widths[c] = std::max(widths[c],
                           std::min<size_t>(Characters(sheet.headers[c]), 30));
    }
    for (size_t r = 0; r < sheet.rows.size(); ++r) {
      const auto row = static_cast<lxw_row_t>(r + 1);
      for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
        const XlsxCell& cell = sheet.rows[r][c];
        const auto col = static_cast<lxw_col_t>(c);
        switch (cell.kind) {
          case XlsxCell::Kind::kText:
            worksheet_write_string(ws, row, col, cell.text.c_str(), nullptr);
            break;
          case XlsxCell::Kind::kInteger:
            worksheet_write_number(ws, row, col, cell.number, integer);
            break;
          case XlsxCell::Kind::kFraction:
            worksheet_write_number(ws, row, col, cell.number, fraction);
            break;
          case XlsxCell::Kind::kEmpty:
            break;
        }
        if (c >= widths.size()) widths.resize(c + 1, 8);
        widths[c] = std::max(widths[c], Shown(cell));
      }
    }
    for (size_t c = 0; c < widths.size(); ++c) {
      worksheet_set_column(
          ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
          static_cast<double>(std::min<size_t>(widths[c], 60)) + 2, nullptr);
    }
    worksheet_freeze_panes(ws, 1, 0);
  }
  const lxw_error error = workbook_close(book);
  if (error != LXW_NO_ERROR) {
    return absl::InternalError(absl::StrCat("xlsx: ", lxw_strerror(error)));
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  if (!in.good() && !in.eof()) {
    return absl::InternalError("xlsx: the written book cannot be read");
  }
  std::string out = bytes.str();
  if (out.empty()) return absl::InternalError("xlsx: the book is empty");
  return out;
}

}  // namespace dtr
