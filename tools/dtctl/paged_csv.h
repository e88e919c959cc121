// Writing a paged list as CSV: the header, then every page's records, into
// a file or standard output, then how many there were on standard error.
// The lists behind the figures (dossiers, payments, systems, endpoints,
// staff) all take this shape.
#ifndef DTR_TOOLS_DTCTL_PAGED_CSV_H_
#define DTR_TOOLS_DTCTL_PAGED_CSV_H_

#include <cstdint>
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "grpcpp/client_context.h"
#include "tools/dtctl/call_deadline.h"
#include "tools/dtctl/call_problem.h"
#include "tools/dtctl/csv_writer.h"

namespace dtr::dtctl {

struct PagedCsv {
  std::string path;  // empty: standard output
  std::string header;
  const char* command;         // as an error names it: "stats dossiers"
  double timeout_seconds = 0;  // per page; 0: 60
};

// Calls `call(context, token, &page)` page after page (Page has
// next_page_token() and total_count()), writing `lines(page, &out)` for
// each; then prints "<rows> <what>" on standard error, noting a count that
// changed under the listing. Returns the exit status: 0, or 1 when a call
// failed or the file could not be written.
template <typename Page, typename Call, typename Lines>
int WritePagedCsv(const PagedCsv& o, const std::string& what, Call call,
                  Lines lines) {
  CsvWriter out;
  if (absl::Status s = out.Open(o.path.empty() ? "/dev/stdout" : o.path);
      !s.ok()) {
    std::fprintf(stderr, "dtctl: --csv: %s\n", s.ToString().c_str());
    return 1;
  }
  out.Line(o.header);
  int64_t rows = 0, total = 0;
  std::string token;
  do {
    grpc::ClientContext context;
    SetDeadline(&context, o.timeout_seconds > 0 ? o.timeout_seconds : 60);
    Page page;
    grpc::Status status = call(&context, token, &page);
    if (!status.ok()) {
      (void)out.Close();
      return CallFailed(o.command, status);
    }
    if (token.empty()) total = page.total_count();
    rows += lines(page, &out);
    token = page.next_page_token();
  } while (!token.empty());
  if (absl::Status s = out.Close(); !s.ok()) {
    std::fprintf(stderr, "dtctl: --csv: %s\n", s.ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "%lld %s%s\n", static_cast<long long>(rows),
               what.c_str(),
               rows == total ? ""
                             : absl::StrCat(" (the first page counted ", total,
                                            "; records changed meanwhile)")
                                   .c_str());
  return 0;
}

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_PAGED_CSV_H_
