#include "tools/dtctl/import_command.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/csv_reader.h"
#include "grpcpp/client_context.h"
#include "tools/dtctl/csv_rows.h"
#include "tools/dtctl/progress_bar.h"

namespace dtr::dtctl {
namespace {

struct InvalidRow {
  int64_t line;
  std::string field;
  std::string reason;
};

// What differs between the dossier and the payment import.
struct DossierKind {
  using Row = stats::v1::Dossier;
  using Request = stats::v1::ImportDossiersRequest;
  using Response = stats::v1::ImportDossiersResponse;
  static constexpr const char* kNoun = "dossiers";
  static const std::vector<std::string>& Header() { return DossierCsvHeader(); }
  static bool FromCsv(const std::vector<std::string>& f, Row* row,
                      CsvFieldError* e) {
    return DossierFromCsv(f, row, e);
  }
  static Row* Add(Request* r) { return r->add_dossiers(); }
  static void RemoveLast(Request* r) { r->mutable_dossiers()->RemoveLast(); }
  static int Size(const Request& r) { return r.dossiers_size(); }
  static std::unique_ptr<grpc::ClientWriterInterface<Request>> Open(
      stats::v1::StatsService::StubInterface* stub, grpc::ClientContext* ctx,
      Response* response) {
    return stub->ImportDossiers(ctx, response);
  }
};

struct PaymentKind {
  using Row = stats::v1::Payment;
  using Request = stats::v1::ImportPaymentsRequest;
  using Response = stats::v1::ImportPaymentsResponse;
  static constexpr const char* kNoun = "payments";
  static const std::vector<std::string>& Header() { return PaymentCsvHeader(); }
  static bool FromCsv(const std::vector<std::string>& f, Row* row,
                      CsvFieldError* e) {
    return PaymentFromCsv(f, row, e);
  }
  static Row* Add(Request* r) { return r->add_payments(); }
  static void RemoveLast(Request* r) { r->mutable_payments()->RemoveLast(); }
  static int Size(const Request& r) { return r.payments_size(); }
  static std::unique_ptr<grpc::ClientWriterInterface<Request>> Open(
      stats::v1::StatsService::StubInterface* stub, grpc::ClientContext* ctx,
      Response* response) {
    return stub->ImportPayments(ctx, response);
  }
};

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

template <typename Kind>
class Importer {
 public:
  Importer(stats::v1::StatsService::StubInterface* stub, ImportFlags flags)
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
                   status.error_message().c_str());
      return 1;
    } else {
      AddServiceErrors(response.summary().rejected_rows(), &invalid);
      service_invalid = response.summary().rejected();
    }
    const int64_t invalid_count =
        static_cast<int64_t>(local_errors_.size()) + service_invalid;
    const bool truncated = static_cast<int64_t>(invalid.size()) < invalid_count;

    if (!flags_.skip_invalid && invalid_count > 0) {
      PrintInvalidRows(flags_.file, invalid, truncated);
      std::fprintf(stderr, "%s: %s invalid row%s; nothing was imported\n",
                   flags_.file.c_str(), GroupDigits(invalid_count).c_str(),
                   invalid_count == 1 ? "" : "s");
      return 1;
    }
    if (!invalid.empty()) PrintInvalidRows(flags_.file, invalid, truncated);
    const common::v1::ImportSummary& s = response.summary();
    std::printf(
        "%s: %s %s rows: %s new, %s updated, %s unchanged, %s rejected%s\n",
        flags_.file.c_str(), GroupDigits(rows_).c_str(), Kind::kNoun,
        GroupDigits(s.created()).c_str(), GroupDigits(s.updated()).c_str(),
        GroupDigits(s.unchanged()).c_str(),
        GroupDigits(static_cast<int64_t>(local_errors_.size()) + s.rejected())
            .c_str(),
        s.committed() ? "" : " (validated only: nothing was written)");
    return 0;
  }

 private:
  static const char* GrpcCodeText(grpc::StatusCode code) {
    switch (code) {
      case grpc::StatusCode::UNAVAILABLE:
        return "service unavailable";
      case grpc::StatusCode::DEADLINE_EXCEEDED:
        return "deadline exceeded";
      default:
        return "error";
    }
  }

  // First pass: header, CSV syntax, words the API has no value for.
  bool Check() {
    std::unique_ptr<CsvReader> reader = OpenCsv(flags_.file, Kind::Header());
    if (reader == nullptr) return false;
    std::vector<std::string> fields;
    typename Kind::Row row;
    CsvFieldError error;
    while (reader->Next(&fields)) {
      ++rows_;
      if (!Kind::FromCsv(fields, &row, &error)) {
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
    std::unique_ptr<CsvReader> reader = OpenCsv(flags_.file, Kind::Header());
    if (reader == nullptr) return false;
    sent_lines_.clear();
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::milliseconds(static_cast<int64_t>(
                             flags_.timeout_seconds * 1000)));
    auto writer = Kind::Open(stub_, &context, response);
    typename Kind::Request request;
    request.mutable_options()->set_skip_invalid(flags_.skip_invalid);
    request.mutable_options()->set_validate_only(validate_only);
    ProgressBar progress(Kind::kNoun, rows_);
    std::vector<std::string> fields;
    CsvFieldError error;
    int64_t done = 0;
    bool sent_any = false;
    bool stream_ok = true;
    while (stream_ok && reader->Next(&fields)) {
      ++done;
      if (!Kind::FromCsv(fields, Kind::Add(&request), &error)) {
        Kind::RemoveLast(&request);  // found in the first pass; not sent
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

  stats::v1::StatsService::StubInterface* stub_;
  const ImportFlags flags_;
  int64_t rows_ = 0;
  std::vector<InvalidRow> local_errors_;
  // File line of each row sent, by its position in the call.
  std::vector<int64_t> sent_lines_;
};

}  // namespace

int ImportDossiers(stats::v1::StatsService::StubInterface* stub,
                   const ImportFlags& flags) {
  return Importer<DossierKind>(stub, flags).Run();
}

int ImportPayments(stats::v1::StatsService::StubInterface* stub,
                   const ImportFlags& flags) {
  return Importer<PaymentKind>(stub, flags).Run();
}

}  // namespace dtr::dtctl
