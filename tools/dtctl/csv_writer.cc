#include "tools/dtctl/csv_writer.h"

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace dtr::dtctl {

std::string CsvField(absl::string_view text) {
  if (text.find_first_of(",\"\r\n") == absl::string_view::npos) {
    return std::string(text);
  }
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

CsvWriter::~CsvWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

absl::Status CsvWriter::Open(const std::string& path) {
  path_ = path;
  file_ = std::fopen(path.c_str(), "wb");
  if (file_ == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("cannot write ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

void CsvWriter::Line(absl::string_view line) {
  buffer_.append(line.data(), line.size());
  buffer_ += '\n';
  if (buffer_.size() > (1 << 20)) Flush();
}

absl::Status CsvWriter::Close() {
  Flush();
  const bool ok = !failed_ && std::fclose(file_) == 0;
  file_ = nullptr;
  if (!ok) return absl::UnavailableError(absl::StrCat("cannot write ", path_));
  return absl::OkStatus();
}

void CsvWriter::Flush() {
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
    failed_ = true;
  }
  buffer_.clear();
}

}  // namespace dtr::dtctl
