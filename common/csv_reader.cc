#include "common/csv_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace dtr {

bool IsValidUtf8(absl::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int length;
    uint32_t min, code;
    if ((c & 0xE0) == 0xC0) {
      length = 2, min = 0x80, code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3, min = 0x800, code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4, min = 0x10000, code = c & 0x07;
    } else {
      return false;
    }
    if (end - p < length) return false;
    for (int i = 1; i < length; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      code = (code << 6) | (p[i] & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    p += length;
  }
  return true;
}

CsvReader::CsvReader(std::FILE* file) : file_(file) {}

CsvReader::CsvReader(std::string text) : buffer_(std::move(text)) {}

CsvReader::~CsvReader() {
  if (owns_file_ && file_ != nullptr) std::fclose(file_);
}

absl::StatusOr<std::unique_ptr<CsvReader>> CsvReader::Open(
    const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  auto reader = std::make_unique<CsvReader>(file);
  reader->owns_file_ = true;
  return reader;
}

int CsvReader::Refill() {
  if (file_ == nullptr) return -1;
  // Large reads: a byte at a time from the stream was most of dtctl's time
  // on a bulk import.
  constexpr size_t kChunk = 1 << 16;
  buffer_.resize(kChunk);
  const size_t n = std::fread(buffer_.data(), 1, kChunk, file_);
  buffer_.resize(n);
  pos_ = 0;
  if (n == 0) {
    if (std::ferror(file_)) {
      read_error_ = absl::DataLossError(absl::StrCat(
          "line ", current_line_, ": reading failed: ", std::strerror(errno)));
    }
    return -1;
  }
  return static_cast<unsigned char>(buffer_[pos_++]);
}

void CsvReader::Unget(int c) { pushed_back_ = c; }

absl::Status CsvReader::ExpectHeader(const std::vector<std::string>& expected,
                                     size_t required) {
  std::vector<std::string> header;
  if (!Next(&header)) {
    if (!status_.ok()) return status_;
    return absl::InvalidArgumentError(absl::StrCat(
        "empty file: expected the header ", absl::StrJoin(expected, ",")));
  }
  header_columns_ = header.size();
  for (size_t i = 0; i < expected.size(); ++i) {
    if (i >= required && i == header.size()) break;  // optional ones left out
    if (i >= header.size() || header[i] != expected[i]) {
      return absl::InvalidArgumentError(absl::StrCat(
          "line ", record_line_, ": header column ", i + 1, " must be '",
          expected[i], "' (expected header: ", absl::StrJoin(expected, ","),
          ")"));
    }
  }
  if (header.size() > expected.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "line ", record_line_, ": unexpected header column ",
        expected.size() + 1, " '", header[expected.size()],
        "' (expected header: ", absl::StrJoin(expected, ","), ")"));
  }
  return absl::OkStatus();
}

bool CsvReader::Next(std::vector<std::string>* fields) {
  fields->clear();
  if (!status_.ok()) return false;
  if (at_start_) {
    at_start_ = false;
    // Skip a UTF-8 byte order mark, which spreadsheet exports often add.
    int b0 = Get();
    if (b0 == 0xEF) {
      int b1 = Get(), b2 = Get();
      if (b1 != 0xBB || b2 != 0xBF) {
        status_ = absl::InvalidArgumentError(
            "line 1: the file starts with an invalid byte order mark");
        return false;
      }
    } else {
      Unget(b0);
    }
  }
  int c = Get();
  // Blank lines carry no record: skipping them accepts the empty last line
  // many exports end with.
  while (c == '\r' || c == '\n') {
    if (c == '\r') {
      int next = Get();
      if (next != '\n') Unget(next);
    }
    ++current_line_;
    c = Get();
  }
  if (c == -1) {
    if (!read_error_.ok()) status_ = read_error_;
    return false;
  }
  record_line_ = current_line_;

  // Every byte of the record read after the first counts to the limit.
  size_t record_bytes = 1;
  const auto too_long = [this, &record_bytes]() {
    if (++record_bytes <= kMaxCsvRecordBytes) return false;
    status_ = absl::InvalidArgumentError(absl::StrCat(
        "line ", record_line_, ": a record longer than ",
        kMaxCsvRecordBytes >> 20, " MiB (an unterminated quoted field?)"));
    return true;
  };
  std::string field;
  while (true) {
    if (c == '"') {
      // Quoted field: runs to the closing quote; "" is a literal quote.
      while (true) {
        c = Get();
        if (too_long()) return false;
        if (c == -1) {
          status_ = absl::InvalidArgumentError(absl::StrCat(
              "line ", record_line_, ": unterminated quoted field"));
          return false;
        }
        if (c == '"') {
          int next = Get();
          if (too_long()) return false;
          if (next == '"') {
            field.push_back('"');
            continue;
          }
          c = next;
          break;
        }
        if (c == '\n') ++current_line_;
        field.push_back(static_cast<char>(c));
      }
      if (c != ',' && c != '\n' && c != '\r' && c != -1) {
        status_ = absl::InvalidArgumentError(absl::StrCat(
            "line ", current_line_, ": text after a closing quote"));
        return false;
      }
    } else {
      while (c != ',' && c != '\n' && c != '\r' && c != -1) {
        if (c == '"') {
          status_ = absl::InvalidArgumentError(absl::StrCat(
              "line ", current_line_, ": a quote inside an unquoted field"));
          return false;
        }
        field.push_back(static_cast<char>(c));
        // The rest of the field that is in the buffer, taken at once (it
        // counts to the limit as the bytes read one by one would).
        if (pushed_back_ == -2) {
          size_t end = pos_;
          const size_t most = std::min(
              buffer_.size(), pos_ + (kMaxCsvRecordBytes - record_bytes));
          while (end < most) {
            const char b = buffer_[end];
            if (b == ',' || b == '\n' || b == '\r' || b == '"') break;
            ++end;
          }
          field.append(buffer_, pos_, end - pos_);
          record_bytes += end - pos_;
          pos_ = end;
        }
        c = Get();
        if (too_long()) return false;
      }
    }
    fields->push_back(std::move(field));
    field.clear();
    if (c == ',') {
      c = Get();
      if (too_long()) return false;
      continue;
    }
    // End of record; one cut short by a failing read is not a record.
    if (c == -1 && !read_error_.ok()) {
      status_ = read_error_;
      return false;
    }
    if (c == '\r') {
      int next = Get();
      if (next != '\n') Unget(next);
    }
    if (c != -1) ++current_line_;
    return true;
  }
}

}  // namespace dtr
