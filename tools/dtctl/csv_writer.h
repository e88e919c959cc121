// Writes CSV files (RFC 4180, LF line ends) through a large buffer: the
// sample month's files run to tens of megabytes.
//
// Not thread-safe: one writer per file.
#ifndef DTR_TOOLS_DTCTL_CSV_WRITER_H_
#define DTR_TOOLS_DTCTL_CSV_WRITER_H_

#include <cstdio>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace dtr::dtctl {

// `text` as one CSV field: quoted when it holds a comma, a quote or a line
// break, with quotes doubled.
std::string CsvField(absl::string_view text);

class CsvWriter {
 public:
  CsvWriter() = default;
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;
  ~CsvWriter();

  absl::Status Open(const std::string& path);
  // Appends one line, already formatted (fields through CsvField).
  void Line(absl::string_view line);
  // Flushes and closes; says whether every byte was written.
  absl::Status Close();

 private:
  void Flush();

  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  bool failed_ = false;
};

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_CSV_WRITER_H_
