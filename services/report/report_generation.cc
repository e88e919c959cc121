#include "services/report/report_generation.h"

#include <future>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/field_checks.h"
#include "common/log.h"
#include "common/vietnamese_format.h"
#include "services/report/contribution_expectations.h"
#include "services/report/report_assembly.h"
#include "services/report/report_figures.h"
#include "services/report/report_requests.h"

namespace dtr::report {
namespace {

constexpr int kArchiveAttempts = 3;

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

// When an archived report was made, as the document says it ("04:56 ngày
// 07/12/2026"); its stored RFC 3339 text if that does not parse.
std::string GeneratedAtLabel(const std::string& rfc3339) {
  const std::optional<absl::Time> t = ParseInstant(rfc3339);
  return t ? VnLocalTime(*t) : rfc3339;
}

// Settings for a unit that has none yet: enough to print a draft.
v1::ReportSettings DraftSettings(const std::string& unit) {
  v1::ReportSettings s;
  s.set_unit_code(unit);
  s.set_document_symbol("BC");
  return s;
}

}  // namespace

absl::Status ReportGeneration::AddContributions(AssemblyInput* in) const {
  const std::string& unit = in->request.unit_code();
  const std::string& period = in->request.period();
  const std::shared_ptr<const UnitTree> tree =
      d_.units != nullptr ? d_.units->Get() : nullptr;
  const absl::CivilDay last = absl::CivilDay(in->month + 1) - 1;
  // The units under the report's; without a tree, the report's own (as
  // the locks, which then cover their own unit only).
  absl::flat_hash_set<std::string> under{unit};
  if (tree != nullptr) {
    for (const UnitVersion* u : tree->ListOn(last, unit, "")) {
      under.insert(u->code);
    }
  }
  auto within = [&](const std::string& code) { return under.contains(code); };
  const UnitOrder order(tree.get(), last);

  // One read: an accepted contribution is final, so its last step's time
  // is when it was accepted. The next version lists what came after.
  in->contributions_as_of = absl::Now();
  auto all = d_.contributions->List(period, "", "");
  if (!all.ok()) return all.status();
  for (const v1::Contribution& c : *all) {
    if (c.state() != v1::CONTRIBUTION_STATE_ACCEPTED ||
        !within(c.unit_code())) {
      continue;
    }
    in->contributions.push_back({c.unit_code(), order.Name(c.unit_code()),
                                 c.section(), c.text(), c.updated_at()});
  }
  std::stable_sort(
      in->contributions.begin(), in->contributions.end(),
      [&order](const AcceptedContribution& a, const AcceptedContribution& b) {
        return order.Before(a.unit_code, b.unit_code);
      });

  auto progress = d_.contributions->Progress(period);
  if (!progress.ok()) return progress.status();
  auto expected = d_.tracker->Expected(in->month);
  if (!expected.ok()) return expected.status();
  std::vector<v1::ContributionRequest> ours;
  for (v1::ContributionRequest& r : *expected) {
    if (within(r.unit_code())) ours.push_back(std::move(r));
  }
  if (!ours.empty()) {
    in->collection =
        ReportingStatus(period, ours, *progress, tree.get(), absl::Now());
  }
  return absl::OkStatus();
}

absl::Status ReportGeneration::AddIssuedMonths(AssemblyInput* in) const {
  const std::string& unit = in->request.unit_code();
  // A service that does not answer now would show its figures as gone.
  if (!in->missing.empty()) {
    LogWarning("issued months not compared: a service did not answer",
               {{"unit", unit}, {"period", in->request.period()}});
    return absl::OkStatus();
  }
  struct Candidate {
    absl::CivilMonth month;
    ArchivedReport issued;
    FigureMap figures;
    SourceRequest request;
  };
  std::vector<Candidate> candidates;
  for (absl::CivilMonth m = in->month - 12; m < in->month; ++m) {
    const std::string period = FormatPeriod(m);
    auto version = d_.life->LatestIssuedVersion(unit, period);
    if (!version.ok()) return version.status();
    if (*version == 0) continue;
    auto issued = d_.store->GetReport(unit, period, *version);
    if (!issued.ok()) return issued.status();
    if (!issued->has_value()) continue;
    auto figures = FiguresFromJson(
        nlohmann::json::parse((*issued)->figures_json, nullptr, false));
    if (!figures.ok()) return figures.status();
    Candidate c{m, std::move(**issued), std::move(*figures), {}};
    // Asked again as its issued version asked.
    c.request.unit_code = unit;
    c.request.month = m;
    c.request.payments_through = MonthEnd(m);
    if (std::optional<absl::CivilDay> day =
            ParseIsoDate(c.issued.meta.request().payments_through())) {
      c.request.payments_through = *day;
    }
    candidates.push_back(std::move(c));
  }
  // The months at once: a generation waits for the slowest, not the sum.
  std::vector<std::future<SourceFigures>> fetches;
  for (const Candidate& c : candidates) {
    fetches.push_back(std::async(std::launch::async, [this, &c] {
      return d_.sources->Fetch(c.request);
    }));
  }
  for (size_t i = 0; i < candidates.size(); ++i) {
    const SourceFigures now = fetches[i].get();
    Candidate& c = candidates[i];
    if (!now.failures.empty()) {
      LogWarning("issued month not compared: a service did not answer",
                 {{"unit", unit}, {"period", FormatPeriod(c.month)}});
      continue;
    }
    in->issued_months.push_back({c.month, c.issued.meta.document_number(),
                                 c.issued.meta.issued_at(),
                                 std::move(c.figures), FiguresOf(now.current)});
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Report> ReportGeneration::Generate(
    const v1::GenerateReportRequest& request, const std::string& caller) const {
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
    if (!issue_date) return BadDate("issue_date", request.issue_date());
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
  // The wording in force on the period's last day; held through the
  // generation, since a reload may replace the versions.
  const std::shared_ptr<const TemplateVersions> template_versions =
      d_.templates->Get();
  auto templates_in_force = template_versions->InForce(last);
  if (!templates_in_force.ok()) return templates_in_force.status();
  const TemplateSet& templates = *(*templates_in_force)->value;
  in.templates_version = (*templates_in_force)->meta;

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
    in.previous_source = absl::StrCat(
        "báo cáo tháng ", VnMonthYear(*month - 1), " đã lưu (phiên bản ",
        m.version(), ", lập lúc ", GeneratedAtLabel(m.generated_at()), ")");
  }

  SourceRequest source_request;
  source_request.unit_code = unit;
  source_request.month = *month;
  source_request.payments_through = payments_through;
  source_request.with_previous = !in.previous.has_value();
  // The levels whose lowest units the appendix lists: the tree's, or
  // without one the levels the templates name.
  if (d_.units != nullptr) {
    source_request.rank_levels = d_.units->Get()->levels();
  } else {
    const auto& labels = templates.labels();
    if (labels.contains("levels") && labels["levels"].is_object()) {
      for (const auto& [level, name] : labels["levels"].items()) {
        source_request.rank_levels.push_back(level);
      }
    }
  }
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
        "số liệu hiện tại của các dịch vụ cho tháng ", VnMonthYear(*month - 1),
        " (chưa có báo cáo tháng đó được lưu)");
  }
  in.sources = &sources;

  // The settings in force on the period's last day: the issuer as it was
  // named then.
  auto settings = d_.settings->InForce(unit, last);
  if (!settings.ok()) return settings.status();
  in.settings = settings->value_or(DraftSettings(unit));
  auto narratives = d_.store->ListNarratives(unit, period);
  if (!narratives.ok()) return narratives.status();
  in.narratives = std::move(*narratives);
  auto published = d_.store->ListPublished(unit, period);
  if (!published.ok()) return published.status();
  in.published = std::move(*published);
  if (absl::Status s = AddContributions(&in); !s.ok()) return s;
  if (absl::Status s = AddIssuedMonths(&in); !s.ok()) return s;
  // An issued version never changes: a new one says which it would replace.
  auto issued = d_.life->LatestIssuedVersion(unit, period);
  if (!issued.ok()) return issued.status();
  in.replaces_issued_version = *issued;

  // Another generation of the same period may archive first; then this one
  // takes the next number and compares itself with that version.
  for (int attempt = 1;; ++attempt) {
    auto latest = d_.store->LatestVersion(unit, period);
    if (!latest.ok()) return latest.status();
    in.version = *latest + 1;
    in.previous_version.reset();
    std::optional<absl::Time> previous_generated;
    if (*latest > 0) {
      auto before = d_.store->GetReport(unit, period, *latest);
      if (!before.ok()) return before.status();
      if (before->has_value()) {
        // Versions made before the field existed: their generation time.
        const v1::Report& meta = (*before)->meta;
        previous_generated = ParseInstant(meta.contributions_as_of().empty()
                                              ? meta.generated_at()
                                              : meta.contributions_as_of());
        auto figures = FiguresFromJson(
            nlohmann::json::parse((*before)->figures_json, nullptr, false));
        if (!figures.ok()) return figures.status();
        in.previous_version = std::move(*figures);
      }
    }
    // What the previous version could not print: accepted after it.
    in.contribution_changes.clear();
    for (const AcceptedContribution& c : in.contributions) {
      const std::optional<absl::Time> at = ParseInstant(c.accepted_at);
      if (previous_generated && at && *at <= *previous_generated) continue;
      v1::ContributionChange& change = in.contribution_changes.emplace_back();
      change.set_unit_code(c.unit_code);
      change.set_section(c.section);
      change.set_accepted_at(c.accepted_at);
    }
    in.generated_at = absl::Now();
    const absl::Time render_start = absl::Now();
    auto report = AssembleReport(in, templates);
    d_.metrics->ObserveOperation("render", absl::Now() - render_start);
    if (!report.ok()) return report.status();
    absl::Status archived = d_.store->Archive(*report);
    if (archived.ok()) {
      // A report with empty blocks still counts: a unit may truly have
      // counted nothing (no payments this year, no systems yet), and the
      // warning and the document already say so.
      if (in.missing.empty()) d_.gauges->Completed(unit, period);
      LogInfo("report generated",
              {{"unit", unit},
               {"period", period},
               {"version", in.version},
               {"partial", !in.missing.empty()},
               {"inconsistencies", report->meta.inconsistencies_size()}});
      if (report->meta.empty_blocks_size() > 0) {
        LogWarning(
            "report made for a period with no records in a block",
            {{"unit", unit},
             {"period", period},
             {"empty", absl::StrJoin(report->meta.empty_blocks(), ",")}});
      }
      return report->meta;
    }
    if (!absl::IsAborted(archived) || attempt == kArchiveAttempts) {
      return archived;
    }
  }
}

}  // namespace dtr::report
