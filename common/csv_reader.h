// Reads CSV files as RFC 4180 describes them, one record at a time.
//
// UTF-8 text with a header row; fields separated by commas; a field may be
// quoted with '"', a quote inside it doubled; quoted fields may hold commas
// and line breaks. Records end with LF or CRLF; a UTF-8 byte order mark and
// blank lines (such as an empty last line) are skipped. Every record reports
// the physical line it starts on, so that errors can name it. A record is
// at most kMaxCsvRecordBytes long, so that a quoted field that never ends
// (or a line that does not) cannot fill the memory of whoever reads it.
//
// Not thread-safe; one reader per file.
#ifndef DTR_COMMON_CSV_READER_H_
#define DTR_COMMON_CSV_READER_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dtr {

// The longest record, its separators, quotes and line ending counted: far
// above any row of the files dtr reads, which are tens of bytes a field.
inline constexpr size_t kMaxCsvRecordBytes = size_t{1} << 20;

// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates,
// nothing above U+10FFFF). CSV fields become protobuf strings, which must be.
bool IsValidUtf8(absl::string_view text);

class CsvReader {
 public:
  // Reads from an already open file it does not own.
  explicit CsvReader(std::FILE* file);
  // Reads from a string (tests, small inputs).
  explicit CsvReader(std::string text);
  ~CsvReader();

  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Opens `path` for reading.
  static absl::StatusOr<std::unique_ptr<CsvReader>> Open(
      const std::string& path);

  // Reads the header row and checks it is exactly `expected`, in order.
  // The error names the first column that differs. Columns after the
  // first `required` are optional: the header may end before any of them,
  // but not skip one (a file written before they existed stays valid).
  absl::Status ExpectHeader(const std::vector<std::string>& expected,
                            size_t required = SIZE_MAX);

  // Columns of the header ExpectHeader read.
  size_t header_columns() const { return header_columns_; }

  // Reads the next record into `fields`. Returns false at the end of input.
  // A malformed record (an unterminated quote, text after a closing quote,
  // more than kMaxCsvRecordBytes) is reported through status() and ends
  // the reading.
  bool Next(std::vector<std::string>* fields);

  // Line on which the record last returned by Next() starts (1-based).
  int64_t line() const { return record_line_; }

  // OK, or why reading stopped early.
  const absl::Status& status() const { return status_; }

 private:
  // Next input byte, or -1 at the end. Inline: called for every byte.
  int Get() {
    if (pushed_back_ != -2) {
      const int c = pushed_back_;
      pushed_back_ = -2;
      return c;
    }
    if (pos_ < buffer_.size()) {
      return static_cast<unsigned char>(buffer_[pos_++]);
    }
    return Refill();
  }
  // Reads the file's next chunk into buffer_ and returns its first byte;
  // -1 at the end or on a read error (then kept in read_error_).
  int Refill();
  void Unget(int c);

  std::FILE* file_ = nullptr;
  bool owns_file_ = false;
  // The input not yet read: a chunk of the file, or the whole text.
  std::string buffer_;
  size_t pos_ = 0;
  int pushed_back_ = -2;  // -2: nothing pushed back
  bool at_start_ = true;
  int64_t current_line_ = 1;
  int64_t record_line_ = 0;
  size_t header_columns_ = 0;
  absl::Status status_;
  absl::Status read_error_;  // set when the file could not be read
};

}  // namespace dtr

#endif  // DTR_COMMON_CSV_READER_H_
