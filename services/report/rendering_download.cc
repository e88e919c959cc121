#include "services/report/rendering_download.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/field_checks.h"
#include "common/unary_calls.h"
#include "services/report/report_requests.h"

namespace dtr::report {
namespace {

constexpr size_t kChunkBytes = 64 * 1024;

class RenderingWriter final
    : public grpc::ServerWriteReactor<v1::RenderingChunk> {
 public:
  RenderingWriter(Executor* reads, ReportStore* store,
                  v1::DownloadRenderingRequest request)
      : store_(store), request_(std::move(request)) {
    reads->Submit([this] { Load(); });
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the caller went away"));
      return;
    }
    Next();
  }
  void OnDone() override { delete this; }

 private:
  void Load() {
    absl::Status s = Read();
    if (!s.ok()) {
      Finish(ToGrpcStatus(s));
      return;
    }
    Next();
  }

  absl::Status Read() {
    if (absl::Status s = CheckUnitCode("unit_code", request_.unit_code());
        !s.ok()) {
      return s;
    }
    auto period = CheckStoredPeriod("period", request_.period());
    if (!period.ok()) return period.status();
    if (request_.format() == v1::FORMAT_UNSPECIFIED ||
        !v1::Format_IsValid(request_.format())) {
      return Invalid("format", "expected docx, html, markdown, json or pdf");
    }
    auto report =
        store_->GetReport(request_.unit_code(), *period, request_.version());
    if (!report.ok()) return report.status();
    if (!report->has_value()) {
      return absl::NotFoundError(absl::StrCat(
          "no report of ", request_.unit_code(), " for ", *period));
    }
    const v1::Report& meta = (*report)->meta;
    auto bytes = store_->GetRendering(meta.unit_code(), meta.period(),
                                      meta.version(), request_.format());
    if (!bytes.ok()) return bytes.status();
    if (!bytes->has_value()) {
      return absl::NotFoundError("the report has no such rendering");
    }
    bytes_ = std::move(**bytes);
    for (const v1::Rendering& r : meta.renderings()) {
      if (r.format() == request_.format()) *chunk_.mutable_rendering() = r;
    }
    return absl::OkStatus();
  }

  void Next() {
    if (sent_ >= bytes_.size() && sent_any_) {
      Finish(grpc::Status::OK);
      return;
    }
    const size_t n = std::min(kChunkBytes, bytes_.size() - sent_);
    chunk_.set_data(bytes_.substr(sent_, n));
    if (sent_any_) chunk_.clear_rendering();
    sent_ += n;
    sent_any_ = true;
    StartWrite(&chunk_);
  }

  ReportStore* store_;
  const v1::DownloadRenderingRequest request_;
  std::string bytes_;
  size_t sent_ = 0;
  bool sent_any_ = false;
  v1::RenderingChunk chunk_;
};

}  // namespace

grpc::ServerWriteReactor<v1::RenderingChunk>* StartRenderingDownload(
    Executor* reads, ReportStore* store, v1::DownloadRenderingRequest request) {
  return new RenderingWriter(reads, store, std::move(request));
}

}  // namespace dtr::report
