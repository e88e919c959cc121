// Writing a paged list as a table: the header, then every page's records,
// as CSV (into a file or standard output) or as a one-sheet XLSX, then how
// many there were on standard error. The lists behind the figures
// (dossiers, payments, systems, endpoints, staff) all take this shape.
//
// A CSV is written as the pages come; an XLSX is built whole in memory
// (libxlsxwriter writes a file at the end), so a list longer than
// kMaxXlsxRows is refused: --csv streams any length.
#ifndef DTR_TOOLS_DTCTL_PAGED_CSV_H_
#define DTR_TOOLS_DTCTL_PAGED_CSV_H_

#include <cstdint>
#include <cstdio>
#include <future>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/xlsx_workbook.h"
#include "grpcpp/client_context.h"
#include "tools/dtctl/call_deadline.h"
#include "tools/dtctl/call_problem.h"
#include "tools/dtctl/csv_writer.h"
#include "tools/dtctl/xlsx_output.h"

namespace dtr::dtctl {

struct PagedCsv {
  std::string path;  // empty: standard output
  std::vector<std::string> header;
  const char* command;         // as an error names it: "stats dossiers"
  double timeout_seconds = 0;  // per page; 0: 60
  std::string xlsx;            // not empty: an XLSX there instead of CSV
  std::string sheet;           // its sheet's name
  std::vector<std::string> xlsx_header;  // in Vietnamese
};

// One page as a call answered it.
template <typename Page>
struct PageAnswer {
  grpc::Status status;
  Page page;
};

// A row as CSV: text quoted where it must be, numbers as they are, an
// empty cell as nothing.
std::string CsvLineOf(const std::vector<XlsxCell>& cells);

// Calls `call(context, token, &page)` page after page (Page has
// next_page_token() and total_count()), and `rows(page, emit)` to emit
// each record's cells; then prints "<rows> <what>" on standard error,
// noting a count that changed under the listing. Returns the exit status:
// 0, or 1 when a call failed or the file could not be written.
template <typename Page, typename Call, typename Rows>
int WritePagedCsv(const PagedCsv& o, const std::string& what, Call call,
                  Rows rows) {
  CsvWriter csv;
  XlsxSheet sheet{o.sheet, o.xlsx_header, {}};
  const bool xlsx = !o.xlsx.empty();
  if (!xlsx) {
    if (absl::Status s = csv.Open(o.path.empty() ? "/dev/stdout" : o.path);
        !s.ok()) {
      std::fprintf(stderr, "dtctl: --csv: %s\n", s.ToString().c_str());
      return 1;
    }
    csv.Line(absl::StrJoin(o.header, ","));
  }
  int64_t count = 0, total = 0;
  bool too_long = false;
  const auto emit = [&](std::vector<XlsxCell> cells) {
    ++count;
    if (!xlsx) {
      csv.Line(CsvLineOf(cells));
    } else if (sheet.rows.size() < kMaxXlsxRows) {
      sheet.rows.push_back(std::move(cells));
    } else {
      too_long = true;
    }
  };
  const auto fetch = [&o, &call](std::string page_token) {
    PageAnswer<Page> answer;
    grpc::ClientContext context;
    SetDeadline(&context, o.timeout_seconds > 0 ? o.timeout_seconds : 60);
    answer.status = call(&context, page_token, &answer.page);
    return answer;
  };
  // The next page is asked for while this one is written: the service
  // reads while dtctl writes, and at most two pages are held.
  PageAnswer<Page> answer = fetch("");
  total = answer.page.total_count();
  for (;;) {
    if (!answer.status.ok()) {
      if (!xlsx) (void)csv.Close();
      return CallFailed(o.command, answer.status);
    }
    const std::string next = answer.page.next_page_token();
    std::future<PageAnswer<Page>> ahead;
    if (!next.empty() && !too_long) {
      ahead = std::async(std::launch::async, fetch, next);
    }
    rows(answer.page, emit);
    if (!ahead.valid()) break;
    answer = ahead.get();
    if (too_long) break;
  }
  if (too_long) {
    std::fprintf(stderr,
                 "dtctl: --xlsx: more than %zu rows, too many for a "
                 "spreadsheet made in memory; write them with --csv\n",
                 kMaxXlsxRows);
    return 1;
  }
  if (absl::Status s = xlsx ? WriteXlsxFile(o.xlsx, {sheet}) : csv.Close();
      !s.ok()) {
    std::fprintf(stderr, "dtctl: %s: %s\n", xlsx ? "--xlsx" : "--csv",
                 s.ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "%lld %s%s\n", static_cast<long long>(count),
               what.c_str(),
               count == total ? ""
                              : absl::StrCat(" (the first page counted ", total,
                                             "; records changed meanwhile)")
                                    .c_str());
  return 0;
}

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_PAGED_CSV_H_
