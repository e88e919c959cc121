#include "services/report/report_service.h"

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/caller.h"
#include "common/dates.h"
#include "common/field_checks.h"
#include "common/request_checks.h"
#include "common/unary_calls.h"
#include "common/write_scope.h"
#include "services/report/narrative_sections.h"
#include "services/report/rendering_download.h"
#include "services/report/report_requests.h"

namespace dtr::report {
namespace {

// Reports a page lists unless asked for fewer, and at most.
constexpr PageSizes kReportPages{100, 1000};

}  // namespace

ReportServiceImpl::ReportServiceImpl(Deps deps)
    : d_(deps),
      writes_(d_.env, nullptr),  // nothing is cached
      generation_({d_.store, d_.settings, d_.life, d_.templates, d_.sources,
                   d_.env.metrics, d_.gauges, d_.contributions, d_.tracker,
                   d_.env.units}),
      issuing_({d_.store, d_.settings, d_.life, d_.signing}) {}

absl::Status ReportServiceImpl::CheckScope(
    const grpc::CallbackServerContext& context,
    const std::string& unit_code) const {
  const WriteScope scope = WriteScope::ForCall(context, d_.env.policy);
  if (scope.Names(unit_code)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("unit_code: ", scope.Refusal(unit_code)));
}

absl::Status ReportServiceImpl::CheckKnownUnit(
    const std::string& unit_code, const std::string& period) const {
  if (d_.env.units == nullptr) return absl::OkStatus();
  DayRange when{absl::CivilDay(1900, 1, 1), absl::CivilDay(9999, 12, 31)};
  if (absl::StatusOr<absl::CivilMonth> month = ParsePeriod(period, Today());
      !period.empty() && month.ok()) {
    when = DayRange{absl::CivilDay(*month), absl::CivilDay(*month + 1) - 1};
  }
  if (d_.env.units->Get()->FindInRange(unit_code, when) != nullptr) {
    return absl::OkStatus();
  }
  return absl::NotFoundError(absl::StrCat(
      "unit_code: no unit ", Quoted(unit_code), " in the unit tree",
      period.empty() ? "" : absl::StrCat(" in ", period),
      " (dtctl units list shows the units)"));
}

grpc::ServerUnaryReactor* ReportServiceImpl::PutNarrative(
    grpc::CallbackServerContext* context, const v1::PutNarrativeRequest* r,
    v1::Narrative* response) {
  v1::Narrative n = r->narrative();
  n.set_updated_at(FormatInstant(absl::Now()));
  n.set_updated_by(CallerOf(context));
  const absl::Status scope = CheckScope(*context, n.unit_code());
  return WriteCall(
      &writes_, context, [this, n, response, scope]() -> absl::Status {
        if (!scope.ok()) return scope;
        if (absl::Status s = CheckNarrative(n); !s.ok()) return s;
        if (absl::Status s = CheckKnownUnit(n.unit_code(), n.period());
            !s.ok()) {
          return s;
        }
        if (absl::Status s = d_.store->PutNarrative(n); !s.ok()) return s;
        *response = n;
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ReportServiceImpl::GetNarrative(
    grpc::CallbackServerContext* context, const v1::GetNarrativeRequest* r,
    v1::Narrative* response) {
  return ReadCall(d_.env.reads, context, [this, r, response]() -> absl::Status {
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
  return ReadCall(d_.env.reads, context, [this, r, response]() -> absl::Status {
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
      &writes_, context, [this, r, response, caller, scope]() -> absl::Status {
        if (absl::Status s = CheckUnitCode("unit_code", r->unit_code());
            !s.ok()) {
          return s;
        }
        if (!scope.ok()) return scope;
        auto period = CheckStoredPeriod("period", r->period());
        if (!period.ok()) return period.status();
        if (absl::Status s = CheckKnownUnit(r->unit_code(), *period); !s.ok()) {
          return s;
        }
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
          if (absl::Status s = CheckPublished(r->published()); !s.ok()) {
            return s;
          }
          published.emplace(r->published().begin(), r->published().end());
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
      &writes_, context, [this, settings, response, scope]() -> absl::Status {
        if (!scope.ok()) return scope;
        if (absl::Status s = CheckSettings(settings); !s.ok()) return s;
        if (absl::Status s = CheckKnownUnit(settings.unit_code(), "");
            !s.ok()) {
          return s;
        }
        if (absl::Status s = d_.settings->CheckPuttable(settings.unit_code());
            !s.ok()) {
          return s;
        }
        if (absl::Status s = d_.store->PutSettings(settings); !s.ok()) return s;
        *response = settings;
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ReportServiceImpl::GetSettings(
    grpc::CallbackServerContext* context, const v1::GetSettingsRequest* r,
    v1::ReportSettings* response) {
  return ReadCall(d_.env.reads, context, [this, r, response]() -> absl::Status {
    if (absl::Status s = CheckUnitCode("unit_code", r->unit_code()); !s.ok()) {
      return s;
    }
    auto day = DayOrToday("on_date", r->on_date());
    if (!day.ok()) return day.status();
    auto s = d_.settings->InForce(r->unit_code(), *day);
    if (!s.ok()) return s.status();
    if (!s->has_value()) {
      return absl::NotFoundError(absl::StrCat("no report settings for ",
                                              r->unit_code(), " in force on ",
                                              FormatDay(*day)));
    }
    *response = std::move(**s);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::GetTemplates(
    grpc::CallbackServerContext* context, const v1::GetTemplatesRequest* r,
    v1::TemplatesInForce* response) {
  return ReadCall(d_.env.reads, context, [this, r, response]() -> absl::Status {
    auto day = DayOrToday("on_date", r->on_date());
    if (!day.ok()) return day.status();
    const std::shared_ptr<const TemplateVersions> versions =
        d_.templates->Get();
    auto in_force = versions->InForce(*day);
    if (!in_force.ok()) return in_force.status();
    const TemplateVersions::Version& v = **in_force;
    *response->mutable_version() = v.meta;
    for (const auto& [name, source] : v.value->replaced()) {
      (*response->mutable_replaced())[name] = source;
    }
    const nlohmann::json& labels = v.value->labels();
    const auto label = [&labels](const char* key) {
      return labels.contains(key) && labels[key].is_string()
                 ? labels[key].get<std::string>()
                 : std::string();
    };
    response->set_title(label("title"));
    response->set_summary(label("summary"));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::GenerateReport(
    grpc::CallbackServerContext* context, const v1::GenerateReportRequest* r,
    v1::Report* response) {
  if (absl::Status s = CheckScope(*context, r->unit_code()); !s.ok()) {
    return AnswerNow(context, s);
  }
  // On its own executor: the calls to the three services block.
  return ReadCall(
      d_.generations, context,
      [this, context, r, response,
       caller = CallerOf(context)]() -> absl::Status {
        const absl::Time start = absl::Now();
        // The version's archive write stores the call's audit event.
        AuditedWrites audited(d_.env.audit, context);
        absl::StatusOr<v1::Report> report = generation_.Generate(*r, caller);
        d_.env.metrics->ObserveOperation("generate", absl::Now() - start);
        if (!report.ok()) return report.status();
        *response = std::move(*report);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ReportServiceImpl::GetReport(
    grpc::CallbackServerContext* context, const v1::GetReportRequest* r,
    v1::Report* response) {
  return ReadCall(d_.env.reads, context, [this, r, response]() -> absl::Status {
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
  return ReadCall(d_.env.reads, context, [this, r, response]() -> absl::Status {
    if (absl::Status s = CheckUnitCode("unit_code", r->unit_code()); !s.ok()) {
      return s;
    }
    std::string period;
    if (!r->period().empty()) {
      auto checked = CheckStoredPeriod("period", r->period());
      if (!checked.ok()) return checked.status();
      period = *checked;
    }
    if (absl::Status s = CheckKnownUnit(r->unit_code(), period); !s.ok()) {
      return s;
    }
    const size_t size = PageSize(r->page_size(), kReportPages);
    auto offset = PageOffset(r->page_token());
    if (!offset.ok()) return offset.status();
    auto reports =
        d_.store->ListReports(r->unit_code(), period, static_cast<int>(*offset),
                              static_cast<int>(size) + 1);
    if (!reports.ok()) return reports.status();
    for (size_t i = 0; i < reports->size() && i < size; ++i) {
      *response->add_reports() = std::move((*reports)[i]);
    }
    if (reports->size() > size) {
      response->set_next_page_token(
          absl::StrCat(*offset + static_cast<int64_t>(size)));
    }
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::RenderingChunk>*
ReportServiceImpl::DownloadRendering(grpc::CallbackServerContext*,
                                     const v1::DownloadRenderingRequest* r) {
  return StartRenderingDownload(d_.env.reads, d_.store, *r);
}

// The steps of a version's life: the caller's units checked (a signer or
// issuer acts for the units its policy names), then `step` on the
// generations' executor, for they read and write PDFs and sign, as a
// generation renders.
template <typename Request, typename Response, typename Step>
grpc::ServerUnaryReactor* ReportServiceImpl::LifeStep(
    grpc::CallbackServerContext* context, const Request* r, Response* response,
    Step step) {
  if (absl::Status s = CheckScope(*context, r->unit_code()); !s.ok()) {
    return AnswerNow(context, s);
  }
  return ReadCall(
      d_.generations, context,
      [this, r, response, step, caller = CallerOf(context)]() -> absl::Status {
        auto out = (issuing_.*step)(*r, caller);
        if (!out.ok()) return out.status();
        *response = std::move(*out);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ReportServiceImpl::PrepareSignature(
    grpc::CallbackServerContext* context, const v1::PrepareSignatureRequest* r,
    v1::PrepareSignatureResponse* response) {
  return LifeStep(context, r, response, &DocumentIssuing::Prepare);
}

grpc::ServerUnaryReactor* ReportServiceImpl::CompleteSignature(
    grpc::CallbackServerContext* context, const v1::CompleteSignatureRequest* r,
    v1::Report* response) {
  return LifeStep(context, r, response, &DocumentIssuing::Complete);
}

grpc::ServerUnaryReactor* ReportServiceImpl::IssueReport(
    grpc::CallbackServerContext* context, const v1::IssueReportRequest* r,
    v1::Report* response) {
  return LifeStep(context, r, response, &DocumentIssuing::Issue);
}

}  // namespace dtr::report
