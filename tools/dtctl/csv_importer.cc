#include "tools/dtctl/csv_importer.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>

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
                                   const std::vector<std::string>& header,
                                   size_t required) {
  auto reader = CsvReader::Open(path);
  if (!reader.ok()) {
    std::fprintf(stderr, "dtctl: %s\n",
                 std::string(reader.status().message()).c_str());
    return nullptr;
  }
  if (absl::Status s = (*reader)->ExpectHeader(header, required); !s.ok()) {
    std::fprintf(stderr, "%s\n", AtFileLine(path, s.message()).c_str());
    return nullptr;
  }
  return std::move(*reader);
}

bool FitToHeader(const CsvReader& reader, size_t header_size,
                 std::vector<std::string>* fields, CsvFieldError* error) {
  if (fields->size() != reader.header_columns()) {
    return CsvFieldBad(error, "row",
                       absl::StrCat("expected ", reader.header_columns(),
                                    " fields, found ", fields->size()));
  }
  if (fields->size() < header_size) fields->resize(header_size);
  return true;
}

namespace {

// Rows shown on a terminal before the rest are only counted (a pipe or a
// log file gets them all: what reads it may need every one).
constexpr size_t kRowsShown = 20;
// Kinds of problem listed with their counts.
constexpr size_t kReasonsShown = 10;

// A reason with the values it quotes left out, so that rows with the same
// problem count together: "no system '…'".
std::string ReasonKind(const InvalidRow& r) {
  std::string kind = r.field + ": ";
  bool quoted = false;
  for (char c : r.reason) {
    if (c == '\'') {
      kind += quoted ? "…'" : "'";
      quoted = !quoted;
    } else if (!quoted) {
      kind += c;
    }
  }
  return kind;
}

std::string Line(const std::string& file, const InvalidRow& r) {
  return absl::StrCat(file, ":", r.line, ": ", r.field, ": ", r.reason, "\n");
}

}  // namespace

void PrintInvalidRows(const std::string& file, std::vector<InvalidRow> rows,
                      bool truncated, const std::string& errors_file) {
  std::sort(
      rows.begin(), rows.end(),
      [](const InvalidRow& a, const InvalidRow& b) { return a.line < b.line; });
  const size_t shown = isatty(fileno(stderr)) ? kRowsShown : rows.size();
  if (rows.size() > kRowsShown) {
    std::map<std::string, int64_t> by_kind;
    for (const InvalidRow& r : rows) ++by_kind[ReasonKind(r)];
    std::vector<std::pair<int64_t, std::string>> kinds;
    for (const auto& [kind, n] : by_kind) kinds.emplace_back(n, kind);
    std::sort(kinds.begin(), kinds.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });
    std::fprintf(stderr, "%s: %s invalid rows listed, by field and reason:\n",
                 file.c_str(),
                 GroupDigits(static_cast<int64_t>(rows.size())).c_str());
    for (size_t i = 0; i < kinds.size() && i < kReasonsShown; ++i) {
      std::fprintf(stderr, "  %8s × %s\n", GroupDigits(kinds[i].first).c_str(),
                   kinds[i].second.c_str());
    }
    if (kinds.size() > kReasonsShown) {
      std::fprintf(stderr, "  and %zu other reasons\n",
                   kinds.size() - kReasonsShown);
    }
    if (shown < rows.size()) std::fprintf(stderr, "The first %zu:\n", shown);
  }
  for (size_t i = 0; i < rows.size() && i < shown; ++i) {
    std::fputs(Line(file, rows[i]).c_str(), stderr);
  }
  if (!errors_file.empty()) {
    std::ofstream out(errors_file);
    for (const InvalidRow& r : rows) out << Line(file, r);
    if (out) {
      std::fprintf(stderr, "%s: every invalid row is in %s\n", file.c_str(),
                   errors_file.c_str());
    } else {
      std::fprintf(stderr, "%s: cannot write %s\n", file.c_str(),
                   errors_file.c_str());
    }
  } else if (shown < rows.size()) {
    std::fprintf(stderr,
                 "%s: %zu more rows not shown (--errors-file FILE writes "
                 "every invalid row)\n",
                 file.c_str(), rows.size() - shown);
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
