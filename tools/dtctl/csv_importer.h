// Streams a CSV file to a service's import call, the same way for every
// kind of record.
//
// The file is read twice. The first pass checks what only the file can
// tell (its header, its CSV syntax, words that are not values of the API)
// and counts the rows for the progress bar. The second streams the rows in
// batches over one call, which the service applies as one transaction.
// If any row is invalid, nothing is imported and every invalid row is
// listed as FILE:LINE: field: reason, the service's findings included (a
// file with local errors is sent once more as validate-only to collect
// them); --skip-invalid imports the valid rows instead.
//
// A Kind describes one import:
//   using Stub, Row, Request, Response;
//   static constexpr const char* kNoun;           "dossiers"
//   static const std::vector<std::string>& Header();
//   static bool FromCsv(fields, Row*, CsvFieldError*);
//   static Row* Add(Request*); static void RemoveLast(Request*);
//   static int Size(const Request&);
//   static void SetContext(const ImportFlags&, Request*);  first message
//   static std::unique_ptr<grpc::ClientWriterInterface<Request>> Open(
//       Stub*, grpc::ClientContext*, Response*);
//
// Not thread-safe: one importer per command.
#ifndef DTR_TOOLS_DTCTL_CSV_IMPORTER_H_
#define DTR_TOOLS_DTCTL_CSV_IMPORTER_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/csv_fields.h"
#include "common/csv_reader.h"
#include "dtr/common/v1/types.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/sync_stream.h"
#include "tools/dtctl/call_deadline.h"
#include "tools/dtctl/call_problem.h"
#include "tools/dtctl/progress_bar.h"

namespace dtr::dtctl {

struct ImportFlags {
  std::string file;
  bool skip_invalid = false;
  bool validate_only = false;
  int64_t batch_size = 2000;
  double timeout_seconds = 3600;
  // When the rows' state took effect ("YYYY-MM-DD" or RFC 3339; empty:
  // now) and why, for services that keep a history.
  std::string effective;
  std::string reason;
  // Where every invalid row is written; empty: only the first are shown.
  std::string errors_file;
};

struct InvalidRow {
  int64_t line;
  std::string field;
  std::string reason;
};

// "line 7: reason" from the CSV reader as "FILE:7: reason", the form
// editors and terminals link to the line.
std::string AtFileLine(const std::string& path, absl::string_view message);

// Opens the file and checks its header (whose columns after `required`
// are optional); prints why not and returns null.
std::unique_ptr<CsvReader> OpenCsv(const std::string& path,
                                   const std::vector<std::string>& header,
                                   size_t required = SIZE_MAX);

// A row of a file that left optional columns out, as a row of the whole
// header (those columns empty); false, and `error` set, when the row does
// not have the file header's number of fields.
bool FitToHeader(const CsvReader& reader, size_t header_size,
                 std::vector<std::string>* fields, CsvFieldError* error);

// Kind::kRequiredColumns when the kind has optional trailing columns.
template <typename Kind, typename = void>
struct RequiredColumns {
  static constexpr size_t value = SIZE_MAX;
};
template <typename Kind>
struct RequiredColumns<Kind, std::void_t<decltype(Kind::kRequiredColumns)>> {
  static constexpr size_t value = Kind::kRequiredColumns;
};

// Prints the invalid rows as FILE:LINE: field: reason, in line order; when
// they are many, how many there are by field and reason first, and on a
// terminal only the first of them. `errors_file` (when not empty) gets
// them all.
void PrintInvalidRows(const std::string& file, std::vector<InvalidRow> rows,
                      bool truncated, const std::string& errors_file);

const char* GrpcCodeText(grpc::StatusCode code);

template <typename Kind>
class CsvImporter {
 public:
  CsvImporter(typename Kind::Stub* stub, ImportFlags flags)
      : stub_(stub), flags_(std::move(flags)) {}

  int Run() {
    if (!Check()) return 2;
    const bool validate_only = flags_.validate_only ||
                               (!local_errors_.empty() && !flags_.skip_invalid);
    typename Kind::Response response;
    grpc::Status status;
    if (!Stream(validate_only, &response, &status)) return 2;

    std::vector<InvalidRow> invalid = local_errors_;
    // Rows the service found invalid, listed or not.
    int64_t service_invalid = 0;
    if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
      common::v1::RowErrors errors;
      if (status.error_details().empty() ||
          !errors.ParseFromString(status.error_details())) {
        std::fprintf(stderr, "dtctl: %s import rejected: %s\n", Kind::kNoun,
                     status.error_message().c_str());
        return 1;
      }
      AddServiceErrors(errors.errors(), &invalid);
      service_invalid = errors.errors_size();
      if (errors.truncated()) {
        // The status lists only the first rows; a validate-only pass over
        // the same file lists them all.
        response.Clear();
        if (!Stream(true, &response, &status)) return 2;
        if (status.ok()) {
          invalid = local_errors_;
          AddServiceErrors(response.summary().rejected_rows(), &invalid);
          service_invalid = response.summary().rejected();
        }
      }
    } else if (!status.ok()) {
      std::fprintf(stderr, "dtctl: %s import failed: %s: %s\n", Kind::kNoun,
                   GrpcCodeText(status.error_code()),
                   CallProblem(status).c_str());
      return 1;
    } else {
      AddServiceErrors(response.summary().rejected_rows(), &invalid);
      service_invalid = response.summary().rejected();
    }
    const int64_t invalid_count =
        static_cast<int64_t>(local_errors_.size()) + service_invalid;
    const bool truncated = static_cast<int64_t>(invalid.size()) < invalid_count;

    if (!flags_.skip_invalid && invalid_count > 0) {
      PrintInvalidRows(flags_.file, invalid, truncated, flags_.errors_file);
      std::fprintf(stderr, "%s: %s invalid row%s; nothing was imported\n",
                   flags_.file.c_str(), GroupDigits(invalid_count).c_str(),
                   invalid_count == 1 ? "" : "s");
      return 1;
    }
    if (!invalid.empty()) {
      PrintInvalidRows(flags_.file, invalid, truncated, flags_.errors_file);
    }
    const common::v1::ImportSummary& s = response.summary();
    std::printf(
        "%s: %s %s rows: %s%s new, %s updated, %s unchanged, %s rejected%s\n",
        flags_.file.c_str(), GroupDigits(rows_).c_str(), Kind::kNoun,
        s.committed() ? "" : "would be ", GroupDigits(s.created()).c_str(),
        GroupDigits(s.updated()).c_str(), GroupDigits(s.unchanged()).c_str(),
        GroupDigits(static_cast<int64_t>(local_errors_.size()) + s.rejected())
            .c_str(),
        s.committed() ? "" : " (validated only: nothing was written)");
    return 0;
  }

 private:
  // First pass: header, CSV syntax, words the API has no value for.
  bool Check() {
    std::unique_ptr<CsvReader> reader =
        OpenCsv(flags_.file, Kind::Header(), RequiredColumns<Kind>::value);
    if (reader == nullptr) return false;
    std::vector<std::string> fields;
    typename Kind::Row row;
    CsvFieldError error;
    while (reader->Next(&fields)) {
      ++rows_;
      if (!FitToHeader(*reader, Kind::Header().size(), &fields, &error) ||
          !Kind::FromCsv(fields, &row, &error)) {
        local_errors_.push_back({reader->line(), error.field, error.reason});
      }
    }
    if (!reader->status().ok()) {
      std::fprintf(stderr, "%s\n",
                   AtFileLine(flags_.file, reader->status().message()).c_str());
      return false;
    }
    return true;
  }

  // Second pass: the rows that passed, in batches, over one call.
  bool Stream(bool validate_only, typename Kind::Response* response,
              grpc::Status* status) {
    std::unique_ptr<CsvReader> reader =
        OpenCsv(flags_.file, Kind::Header(), RequiredColumns<Kind>::value);
    if (reader == nullptr) return false;
    sent_lines_.clear();
    grpc::ClientContext context;
    SetDeadline(&context, flags_.timeout_seconds);
    auto writer = Kind::Open(stub_, &context, response);
    typename Kind::Request request;
    request.mutable_options()->set_skip_invalid(flags_.skip_invalid);
    request.mutable_options()->set_validate_only(validate_only);
    Kind::SetContext(flags_, &request);
    ProgressBar progress(Kind::kNoun, rows_);
    std::vector<std::string> fields;
    CsvFieldError error;
    int64_t done = 0;
    bool sent_any = false;
    bool stream_ok = true;
    while (stream_ok && reader->Next(&fields)) {
      ++done;
      // Rows found in the first pass are not sent.
      if (!FitToHeader(*reader, Kind::Header().size(), &fields, &error)) {
        continue;
      }
      if (!Kind::FromCsv(fields, Kind::Add(&request), &error)) {
        Kind::RemoveLast(&request);
        continue;
      }
      sent_lines_.push_back(reader->line());
      if (Kind::Size(request) >= flags_.batch_size) {
        stream_ok = writer->Write(request);
        sent_any = true;
        request.Clear();
        progress.Update(done);
      }
    }
    if (stream_ok && (Kind::Size(request) > 0 || !sent_any)) {
      writer->Write(request);
    }
    writer->WritesDone();
    *status = writer->Finish();
    progress.Update(done);
    progress.Finish();
    return true;
  }

  void AddServiceErrors(
      const google::protobuf::RepeatedPtrField<common::v1::RowError>& errors,
      std::vector<InvalidRow>* out) const {
    for (const common::v1::RowError& e : errors) {
      const int64_t line =
          e.row() >= 1 && e.row() <= static_cast<int64_t>(sent_lines_.size())
              ? sent_lines_[e.row() - 1]
              : 0;
      out->push_back({line, e.field(), e.reason()});
    }
  }

  typename Kind::Stub* stub_;
  const ImportFlags flags_;
  int64_t rows_ = 0;
  std::vector<InvalidRow> local_errors_;
  // File line of each row sent, by its position in the call.
  std::vector<int64_t> sent_lines_;
};

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_CSV_IMPORTER_H_
