#include "services/report/report_service.h"

#include <algorithm>
#include <optional>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/caller.h"
#include "common/csv_reader.h"
#include "common/dates.h"
#include "common/log.h"
#include "common/request_checks.h"
#include "common/write_scope.h"
#include "services/report/narrative_sections.h"
#include "services/report/report_assembly.h"
#include "services/report/report_figures.h"

namespace dtr::report {
namespace {

constexpr size_t kMaxNarrativeBytes = 200'000;
constexpr size_t kMaxTextField = 500;
constexpr int kArchiveAttempts = 3;
constexpr size_t kChunkBytes = 64 * 1024;

absl::Status Invalid(absl::string_view field, absl::string_view reason) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", reason));
}

absl::Status CheckUnitCode(absl::string_view field, const std::string& code) {
  if (code.empty()) return Invalid(field, "is required");
  if (code.size() > 64) return Invalid(field, "is longer than 64 characters");
  return absl::OkStatus();
}

// A period given by a caller: "YYYY-MM" only (no "previous-month": stored
// things have fixed periods).
absl::StatusOr<std::string> CheckStoredPeriod(absl::string_view field,
                                              const std::string& period) {
  auto month = ParsePeriod(period, Today());
  if (!month.ok() || period == "previous-month") {
    return Invalid(field, "expected YYYY-MM");
  }
  return FormatPeriod(*month);
}

absl::Status CheckText(absl::string_view field, const std::string& text,
                       size_t most) {
  if (!IsValidUtf8(text)) return Invalid(field, "is not valid UTF-8");
  if (text.size() > most) {
    return Invalid(field, absl::StrCat("is longer than ", most, " bytes"));
  }
  return absl::OkStatus();
}

absl::Status CheckSection(absl::string_view field, const std::string& id) {
  if (NarrativeSectionIndex(id) < 0) {
    return Invalid(field,
                   absl::StrCat("unknown section '", id, "'; expected ",
                                absl::StrJoin(NarrativeSections(), ", ")));
  }
  return absl::OkStatus();
}

absl::Status CheckNarrative(const v1::Narrative& n) {
  if (absl::Status s = CheckUnitCode("unit_code", n.unit_code()); !s.ok()) {
    return s;
  }
  if (auto p = CheckStoredPeriod("period", n.period()); !p.ok()) {
    return p.status();
  }
  if (absl::Status s = CheckSection("section", n.section()); !s.ok()) return s;
  return CheckText("text", n.text(), kMaxNarrativeBytes);
}

absl::Status CheckSettings(const v1::ReportSettings& s) {
  if (absl::Status st = CheckUnitCode("unit_code", s.unit_code()); !st.ok()) {
    return st;
  }
  const std::pair<const char*, const std::string*> required[] = {
      {"issuer", &s.issuer()},
      {"document_symbol", &s.document_symbol()},
      {"place", &s.place()},
      {"signer_name", &s.signer_name()}};
  for (const auto& [field, value] : required) {
    if (value->empty()) return Invalid(field, "is required");
  }
  const std::pair<const char*, const std::string*> texts[] = {
      {"issuer_parent", &s.issuer_parent()},
      {"issuer", &s.issuer()},
      {"document_symbol", &s.document_symbol()},
      {"place", &s.place()},
      {"signer_name", &s.signer_name()}};
  for (const auto& [field, value] : texts) {
    if (absl::Status st = CheckText(field, *value, kMaxTextField); !st.ok()) {
      return st;
    }
  }
  for (int i = 0; i < s.signer_title_size(); ++i) {
    if (absl::Status st = CheckText(absl::StrCat("signer_title[", i, "]"),
                                    s.signer_title(i), kMaxTextField);
        !st.ok()) {
      return st;
    }
  }
  for (int i = 0; i < s.recipients_size(); ++i) {
    if (absl::Status st = CheckText(absl::StrCat("recipients[", i, "]"),
                                    s.recipients(i), kMaxTextField);
        !st.ok()) {
      return st;
    }
  }
  return absl::OkStatus();
}

const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DeadlineExceeded";
    case grpc::StatusCode::UNAVAILABLE:
      return "Unavailable";
    case grpc::StatusCode::CANCELLED:
      return "Cancelled";
    default:
      return "failed";
  }
}

// "09/2023", as the report names a month.
std::string MonthLabel(absl::CivilMonth month) {
  return absl::StrFormat("%02d/%d", month.month(), month.year());
}

// Settings for a unit that has none yet: enough to print a draft.
v1::ReportSettings DraftSettings(const std::string& unit) {
  v1::ReportSettings s;
  s.set_unit_code(unit);
  s.set_document_symbol("BC");
  return s;
}

// A server-streaming download: the bytes, read on the read executor, sent
// in chunks.
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
      return Invalid("format", "expected docx, html, markdown or json");
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

absl::StatusOr<absl::CivilMonth> ParsePeriod(const std::string& text,
                                             absl::CivilDay today) {
  if (text == "previous-month") return absl::CivilMonth(today) - 1;
  int year = 0, month = 0;
  if (text.size() != 7 || text[4] != '-' ||
      !absl::SimpleAtoi(text.substr(0, 4), &year) ||
      !absl::SimpleAtoi(text.substr(5, 2), &month) || month < 1 || month > 12 ||
      year < 1900 || !absl::ascii_isdigit(text[5])) {
    return Invalid("period", "expected YYYY-MM or previous-month");
  }
  return absl::CivilMonth(year, month);
}

std::string FormatPeriod(absl::CivilMonth month) {
  return absl::StrFormat("%04d-%02d", month.year(), month.month());
}

absl::Status ReportServiceImpl::CheckScope(
    const grpc::CallbackServerContext& context,
    const std::string& unit_code) const {
  const WriteScope scope = WriteScope::ForCall(context, d_.policy);
  if (scope.Names(unit_code)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("unit_code: ", scope.Refusal(unit_code)));
}

grpc::ServerUnaryReactor* ReportServiceImpl::PutNarrative(
    grpc::CallbackServerContext* context, const v1::PutNarrativeRequest* r,
    v1::Narrative* response) {
  v1::Narrative n = r->narrative();
  n.set_updated_at(FormatInstant(absl::Now()));
  n.set_updated_by(CallerOf(context));
  const absl::Status scope = CheckScope(*context, n.unit_code());
  return WriteCall(this, context, [this, n, response, scope]() -> absl::Status {
    if (!scope.ok()) return scope;
    if (absl::Status s = CheckNarrative(n); !s.ok()) return s;
    if (absl::Status s = d_.store->PutNarrative(n); !s.ok()) return s;
    *response = n;
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::GetNarrative(
    grpc::CallbackServerContext* context, const v1::GetNarrativeRequest* r,
    v1::Narrative* response) {
  return ReadCall(d_.reads, context, [this, r, response]() -> absl::Status {
    if (absl::Status s = CheckUnitCode("unit_code", r->unit_code()); !s.ok()) {
      return s;
    }
    auto period = CheckStoredPeriod("period", r->period());
    if (!period.ok()) return period.status();
    if (absl::Status s = CheckSection("section", r->section()); !s.ok()) {
      return s;
    }
    auto n = d_.store->GetNarrative(r->unit_code(), *period, r->section());
    if (!n.ok()) return n.status();
    if (!n->has_value()) {
      return absl::NotFoundError(absl::StrCat(
          "no ", r->section(), " of ", r->unit_code(), " for ", *period));
    }
    *response = std::move(**n);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::ListNarratives(
    grpc::CallbackServerContext* context, const v1::ListNarrativesRequest* r,
    v1::ListNarrativesResponse* response) {
  return ReadCall(d_.reads, context, [this, r, response]() -> absl::Status {
    if (absl::Status s = CheckUnitCode("unit_code", r->unit_code()); !s.ok()) {
      return s;
    }
    auto period = CheckStoredPeriod("period", r->period());
    if (!period.ok()) return period.status();
    auto all = d_.store->ListNarratives(r->unit_code(), *period);
    if (!all.ok()) return all.status();
    std::sort(all->begin(), all->end(),
              [](const v1::Narrative& a, const v1::Narrative& b) {
                return NarrativeSectionIndex(a.section()) <
                       NarrativeSectionIndex(b.section());
              });
    for (v1::Narrative& n : *all) *response->add_narratives() = std::move(n);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::ImportNarratives(
    grpc::CallbackServerContext* context, const v1::ImportNarrativesRequest* r,
    v1::ImportNarrativesResponse* response) {
  const std::string caller = CallerOf(context);
  const absl::Status scope = CheckScope(*context, r->unit_code());
  return WriteCall(
      this, context, [this, r, response, caller, scope]() -> absl::Status {
        if (absl::Status s = CheckUnitCode("unit_code", r->unit_code());
            !s.ok()) {
          return s;
        }
        if (!scope.ok()) return scope;
        auto period = CheckStoredPeriod("period", r->period());
        if (!period.ok()) return period.status();
        std::vector<v1::Narrative> sections;
        const std::string now = FormatInstant(absl::Now());
        // In a stable order, so that the first invalid one is always the same.
        std::map<std::string, std::string> ordered(r->sections().begin(),
                                                   r->sections().end());
        for (const auto& [id, text] : ordered) {
          const std::string field = absl::StrCat("sections[", id, "]");
          if (absl::Status s = CheckSection(field, id); !s.ok()) return s;
          if (absl::Status s = CheckText(field, text, kMaxNarrativeBytes);
              !s.ok()) {
            return s;
          }
          v1::Narrative& n = sections.emplace_back();
          n.set_unit_code(r->unit_code());
          n.set_period(*period);
          n.set_section(id);
          n.set_text(text);
          n.set_updated_at(now);
          n.set_updated_by(caller);
        }
        std::optional<std::vector<v1::PublishedFigure>> published;
        if (r->published_size() > 0) {
          published.emplace();
          std::set<std::string> seen;
          for (int i = 0; i < r->published_size(); ++i) {
            const v1::PublishedFigure& f = r->published(i);
            const std::string field = absl::StrCat("published[", i, "]");
            if (f.figure().empty())
              return Invalid(field + ".figure", "is required");
            if (!seen.insert(f.figure()).second) {
              return Invalid(field + ".figure",
                             absl::StrCat("'", f.figure(), "' appears twice"));
            }
            if (f.decimals() < 0 || f.decimals() > 6) {
              return Invalid(field + ".decimals", "expected 0 to 6");
            }
            if (!std::isfinite(f.value())) {
              return Invalid(field + ".value", "is not a number");
            }
            if (absl::Status s =
                    CheckText(field + ".source", f.source(), kMaxTextField);
                !s.ok()) {
              return s;
            }
            published->push_back(f);
          }
        }
        if (absl::Status s = d_.store->ImportNarratives(r->unit_code(), *period,
                                                        sections, published);
            !s.ok()) {
          return s;
        }
        response->set_sections(static_cast<int32_t>(sections.size()));
        response->set_published(
            published ? static_cast<int32_t>(published->size()) : 0);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ReportServiceImpl::PutSettings(
    grpc::CallbackServerContext* context, const v1::PutSettingsRequest* r,
    v1::ReportSettings* response) {
  v1::ReportSettings settings = r->settings();
  settings.set_updated_at(FormatInstant(absl::Now()));
  const absl::Status scope = CheckScope(*context, settings.unit_code());
  return WriteCall(
      this, context, [this, settings, response, scope]() -> absl::Status {
        if (!scope.ok()) return scope;
        if (absl::Status s = CheckSettings(settings); !s.ok()) return s;
        if (absl::Status s = d_.store->PutSettings(settings); !s.ok()) return s;
        *response = settings;
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ReportServiceImpl::GetSettings(
    grpc::CallbackServerContext* context, const v1::GetSettingsRequest* r,
    v1::ReportSettings* response) {
  return ReadCall(d_.reads, context, [this, r, response]() -> absl::Status {
    if (absl::Status s = CheckUnitCode("unit_code", r->unit_code()); !s.ok()) {
      return s;
    }
    auto s = d_.store->GetSettings(r->unit_code());
    if (!s.ok()) return s.status();
    if (!s->has_value()) {
      return absl::NotFoundError(
          absl::StrCat("no report settings for ", r->unit_code()));
    }
    *response = std::move(**s);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::GenerateReport(
    grpc::CallbackServerContext* context, const v1::GenerateReportRequest* r,
    v1::Report* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const std::string caller = CallerOf(context);
  if (absl::Status s = CheckScope(*context, r->unit_code()); !s.ok()) {
    reactor->Finish(ToGrpcStatus(s));
    return reactor;
  }
  d_.generations->Submit([this, context, reactor, r, response, caller] {
    if (context->IsCancelled()) {
      reactor->Finish(grpc::Status::CANCELLED);
      return;
    }
    const absl::Time start = absl::Now();
    absl::StatusOr<v1::Report> report = Generate(*r, caller);
    d_.metrics->ObserveOperation("generate", absl::Now() - start);
    if (!report.ok()) {
      reactor->Finish(ToGrpcStatus(report.status()));
      return;
    }
    *response = std::move(*report);
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

absl::StatusOr<v1::Report> ReportServiceImpl::Generate(
    const v1::GenerateReportRequest& request, const std::string& caller) {
  if (absl::Status s = CheckUnitCode("unit_code", request.unit_code());
      !s.ok()) {
    return s;
  }
  auto month = ParsePeriod(request.period(), Today());
  if (!month.ok()) return month.status();
  const absl::CivilDay first = YearStart(*month), last = MonthEnd(*month);
  absl::CivilDay payments_through = last;
  if (!request.payments_through().empty()) {
    auto day = ParseIsoDate(request.payments_through());
    if (!day || *day < first || *day > last) {
      return Invalid("payments_through",
                     absl::StrCat("expected a day from ", FormatDay(first),
                                  " to ", FormatDay(last)));
    }
    payments_through = *day;
  }
  std::optional<absl::CivilDay> issue_date;
  if (!request.issue_date().empty()) {
    issue_date = ParseIsoDate(request.issue_date());
    if (!issue_date) return Invalid("issue_date", "expected YYYY-MM-DD");
  }
  AssemblyInput in;
  in.request = request;
  in.request.set_period(FormatPeriod(*month));
  in.month = *month;
  in.payments_through = payments_through;
  in.issue_date = issue_date;
  in.generated_by = caller;
  const std::string unit = request.unit_code();
  const std::string period = in.request.period();
  const std::string previous_period = FormatPeriod(*month - 1);

  // The previous month's archived report, if any: its figures are what the
  // change is measured against.
  auto previous_report = d_.store->GetReport(unit, previous_period, 0);
  if (!previous_report.ok()) return previous_report.status();
  if (previous_report->has_value()) {
    auto figures = FiguresFromJson(nlohmann::json::parse(
        (*previous_report)->figures_json, nullptr, false));
    if (!figures.ok()) return figures.status();
    in.previous = std::move(*figures);
    const v1::Report& m = (*previous_report)->meta;
    in.previous_source = absl::StrCat("báo cáo tháng ", MonthLabel(*month - 1),
                                      " đã lưu (phiên bản ", m.version(),
                                      ", lập lúc ", m.generated_at(), ")");
  }

  SourceRequest source_request;
  source_request.unit_code = unit;
  source_request.month = *month;
  source_request.payments_through = payments_through;
  source_request.with_previous = !in.previous.has_value();
  const SourceFigures sources = d_.sources->Fetch(source_request);
  d_.metrics->ObserveOperation("fetch", sources.waited);
  for (const auto& [service, status] : sources.failures) {
    const grpc::StatusCode code = status.error_code();
    if (code == grpc::StatusCode::INVALID_ARGUMENT ||
        code == grpc::StatusCode::NOT_FOUND) {
      return absl::Status(static_cast<absl::StatusCode>(code),
                          absl::StrCat(d_.sources->Describe(service), ": ",
                                       status.error_message()));
    }
    in.missing.insert(service);
  }
  if (!in.missing.empty()) {
    std::vector<std::string> why;
    for (const std::string& service : in.missing) {
      const grpc::Status& s = sources.failures.at(service);
      why.push_back(absl::StrCat(d_.sources->Describe(service),
                                 " did not answer (", CodeName(s.error_code()),
                                 ": ", s.error_message(), ")"));
    }
    if (!request.allow_partial() || in.missing.size() == 3) {
      return absl::UnavailableError(absl::StrCat(
          absl::StrJoin(why, "; "), in.missing.size() == 3
                                        ? ""
                                        : "; allow_partial makes the report "
                                          "without it"));
    }
    LogWarning("report made without a service",
               {{"unit", unit},
                {"period", period},
                {"missing", absl::StrJoin(in.missing, ",")}});
  }
  if (!in.previous && sources.failures.empty()) {
    in.previous = FiguresOf(sources.previous);
    in.previous_source = absl::StrCat(
        "số liệu hiện tại của các dịch vụ cho tháng ", MonthLabel(*month - 1),
        " (chưa có báo cáo tháng đó được lưu)");
  }
  in.sources = &sources;

  auto settings = d_.store->GetSettings(unit);
  if (!settings.ok()) return settings.status();
  in.settings = settings->value_or(DraftSettings(unit));
  auto narratives = d_.store->ListNarratives(unit, period);
  if (!narratives.ok()) return narratives.status();
  in.narratives = std::move(*narratives);
  auto published = d_.store->ListPublished(unit, period);
  if (!published.ok()) return published.status();
  in.published = std::move(*published);
  const std::shared_ptr<const TemplateSet> templates = d_.templates->Get();

  // Another generation of the same period may archive first; then this one
  // takes the next number and compares itself with that version.
  for (int attempt = 1;; ++attempt) {
    auto latest = d_.store->LatestVersion(unit, period);
    if (!latest.ok()) return latest.status();
    in.version = *latest + 1;
    in.previous_version.reset();
    if (*latest > 0) {
      auto before = d_.store->GetReport(unit, period, *latest);
      if (!before.ok()) return before.status();
      if (before->has_value()) {
        auto figures = FiguresFromJson(
            nlohmann::json::parse((*before)->figures_json, nullptr, false));
        if (!figures.ok()) return figures.status();
        in.previous_version = std::move(*figures);
      }
    }
    in.generated_at = absl::Now();
    const absl::Time render_start = absl::Now();
    auto report = AssembleReport(in, *templates);
    d_.metrics->ObserveOperation("render", absl::Now() - render_start);
    if (!report.ok()) return report.status();
    absl::Status archived = d_.store->Archive(*report);
    if (archived.ok()) {
      if (in.missing.empty()) d_.gauges->Completed(unit, period);
      LogInfo("report generated",
              {{"unit", unit},
               {"period", period},
               {"version", in.version},
               {"partial", !in.missing.empty()},
               {"inconsistencies", report->meta.inconsistencies_size()}});
      return report->meta;
    }
    if (!absl::IsAborted(archived) || attempt == kArchiveAttempts) {
      return archived;
    }
  }
}

grpc::ServerUnaryReactor* ReportServiceImpl::GetReport(
    grpc::CallbackServerContext* context, const v1::GetReportRequest* r,
    v1::Report* response) {
  return ReadCall(d_.reads, context, [this, r, response]() -> absl::Status {
    if (absl::Status s = CheckUnitCode("unit_code", r->unit_code()); !s.ok()) {
      return s;
    }
    auto period = CheckStoredPeriod("period", r->period());
    if (!period.ok()) return period.status();
    if (r->version() < 0) return Invalid("version", "must be 0 or more");
    auto report = d_.store->GetReport(r->unit_code(), *period, r->version());
    if (!report.ok()) return report.status();
    if (!report->has_value()) {
      return absl::NotFoundError(
          r->version() > 0
              ? absl::StrCat("no version ", r->version(), " of the report of ",
                             r->unit_code(), " for ", *period)
              : absl::StrCat("no report of ", r->unit_code(), " for ",
                             *period));
    }
    *response = std::move((*report)->meta);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::ListReports(
    grpc::CallbackServerContext* context, const v1::ListReportsRequest* r,
    v1::ListReportsResponse* response) {
  return ReadCall(d_.reads, context, [this, r, response]() -> absl::Status {
    if (absl::Status s = CheckUnitCode("unit_code", r->unit_code()); !s.ok()) {
      return s;
    }
    std::string period;
    if (!r->period().empty()) {
      auto checked = CheckStoredPeriod("period", r->period());
      if (!checked.ok()) return checked.status();
      period = *checked;
    }
    const size_t size = PageSize(r->page_size(), 100, 1000);
    int64_t offset = 0;
    if (!r->page_token().empty() &&
        (!absl::SimpleAtoi(r->page_token(), &offset) || offset < 0)) {
      return Invalid("page_token", "not a token this service gave");
    }
    auto reports =
        d_.store->ListReports(r->unit_code(), period, static_cast<int>(offset),
                              static_cast<int>(size) + 1);
    if (!reports.ok()) return reports.status();
    for (size_t i = 0; i < reports->size() && i < size; ++i) {
      *response->add_reports() = std::move((*reports)[i]);
    }
    if (reports->size() > size) {
      response->set_next_page_token(
          absl::StrCat(offset + static_cast<int64_t>(size)));
    }
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::RenderingChunk>*
ReportServiceImpl::DownloadRendering(grpc::CallbackServerContext*,
                                     const v1::DownloadRenderingRequest* r) {
  return new RenderingWriter(d_.reads, d_.store, *r);
}

}  // namespace dtr::report
