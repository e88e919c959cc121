#include "tools/dtctl/csv_importer.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace dtr::dtctl {

// "line 7: reason" from the CSV reader as "FILE:7: reason", the form
// editors and terminals link to the line.
std::string AtFileLine(const std::string& path, absl::string_view message) {
  if (absl::ConsumePrefix(&message, "line ")) {
    size_t colon = message.find(':');
    return absl::StrCat(path, ":", message.substr(0, colon),
                        message.substr(colon));
  }
  return absl::StrCat(path, ": ", message);
}

// Opens the file and checks its header; prints why not and returns null.
std::unique_ptr<CsvReader> OpenCsv(const std::string& path,
                                   const std::vector<std::string>& header) {
  auto reader = CsvReader::Open(path);
  if (!reader.ok()) {
    std::fprintf(stderr, "dtctl: %s\n",
                 std::string(reader.status().message()).c_str());
    return nullptr;
  }
  if (absl::Status s = (*reader)->ExpectHeader(header); !s.ok()) {
    std::fprintf(stderr, "%s\n", AtFileLine(path, s.message()).c_str());
    return nullptr;
  }
  return std::move(*reader);
}

void PrintInvalidRows(const std::string& file, std::vector<InvalidRow> rows,
                      bool truncated) {
  std::sort(
      rows.begin(), rows.end(),
      [](const InvalidRow& a, const InvalidRow& b) { return a.line < b.line; });
  for (const InvalidRow& r : rows) {
    std::fprintf(stderr, "%s:%lld: %s: %s\n", file.c_str(),
                 static_cast<long long>(r.line), r.field.c_str(),
                 r.reason.c_str());
  }
  if (truncated) {
    std::fprintf(stderr,
                 "%s: more rows are invalid than the service lists; fix "
                 "these and try again\n",
                 file.c_str());
  }
}

const char* GrpcCodeText(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::UNAVAILABLE:
      return "service unavailable";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "deadline exceeded";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "permission denied";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "not authenticated";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "resource exhausted";
    default:
      return "error";
  }
}

}  // namespace dtr::dtctl
