#include "tools/dtctl/command_runs.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/field_checks.h"
#include "dtr/common/v1/audit.grpc.pb.h"
#include "tools/dtctl/contribution_commands.h"
#include "tools/dtctl/document_commands.h"
#include "tools/dtctl/fixture_targets.h"
#include "tools/dtctl/period_commands.h"
#include "tools/dtctl/progress_bar.h"
#include "tools/dtctl/sample_month.h"

namespace dtr::dtctl {
namespace {

// The command's --timeout, when given, instead of its default.
void ApplyTimeout(const Invocation& c, double* seconds) {
  if (c.options.timeout > 0) *seconds = c.options.timeout;
}

// 2, with "--flag is required", for the first of `required` not given.
int Require(std::initializer_list<std::pair<const char*, const std::string*>>
                required) {
  for (const auto& [flag, value] : required) {
    if (value->empty()) return Usage(absl::StrCat(flag, " is required"));
  }
  return 0;
}

// 2, with "--from '2023-02-30': not a date (YYYY-MM-DD)", when a date flag
// holds something else (nothing is fine: required ones are checked apart).
int CheckDates(
    std::initializer_list<std::tuple<const char*, const std::string*, DateForm>>
        flags) {
  for (const auto& [flag, value, form] : flags) {
    if (value->empty()) continue;
    const bool ok = form == DateForm::kDay ? ParseIsoDate(*value).has_value()
                    : form == DateForm::kDayOrTime
                        ? ParseInstant(*value).has_value()
                        : ParseIsoDate(*value + "-01") && value->size() == 7;
    if (ok) continue;
    const std::string reason(BadDate(flag, *value, form).message());
    return Usage(absl::StrCat(flag, " ", reason.substr(std::strlen(flag) + 2)));
  }
  return 0;
}

template <typename Service, typename Import>
int RunImportWith(Invocation& c, Import import) {
  ImportFlags& flags = c.options.import;
  if (flags.batch_size < 1) return Usage("--batch-size must be at least 1");
  if (int e =
          CheckDates({{"--effective", &flags.effective, DateForm::kDayOrTime}});
      e != 0) {
    return e;
  }
  flags.file = c.args[0];
  ApplyTimeout(c, &flags.timeout_seconds);
  return import(Service::NewStub(c.channel).get(), flags);
}

// The report service's stub; the command's deadline applied.
std::unique_ptr<report::v1::ReportService::Stub> ReportStubOf(Invocation& c) {
  ApplyTimeout(c, &c.options.report.timeout_seconds);
  return report::v1::ReportService::NewStub(c.channel);
}

// The report commands' dates: the period a month (generate: or
// previous-month), the payments' last day and the issue date days.
int CheckReportDates(const ReportFlags& f) {
  if (f.period != "previous-month") {
    if (int e = CheckDates({{"--period", &f.period, DateForm::kMonth}});
        e != 0) {
      return e;
    }
  }
  return CheckDates(
      {{"--payments-through", &f.payments_through, DateForm::kDay},
       {"--issue-date", &f.issue_date, DateForm::kDay}});
}

// A stats view: its required flags and dates checked, its timeout, then
// `show` against the stats service.
template <typename Flags>
int RunStatsView(
    Invocation& c, Flags& f,
    std::initializer_list<std::pair<const char*, const std::string*>> required,
    std::initializer_list<std::tuple<const char*, const std::string*, DateForm>>
        dates,
    int (*show)(stats::v1::StatsService::StubInterface*, const Flags&)) {
  if (int e = Require(required); e != 0) return e;
  if (int e = CheckDates(dates); e != 0) return e;
  ApplyTimeout(c, &f.timeout_seconds);
  return show(stats::v1::StatsService::NewStub(c.channel).get(), f);
}

}  // namespace

int RunImport(Invocation& c,
              int (*import)(stats::v1::StatsService::StubInterface*,
                            const ImportFlags&)) {
  return RunImportWith<stats::v1::StatsService>(c, import);
}
int RunImport(Invocation& c, int (*import)(SecurityStub*, const ImportFlags&)) {
  return RunImportWith<security::v1::SecurityService>(c, import);
}
int RunImport(Invocation& c,
              int (*import)(WorkforceStub*, const ImportFlags&)) {
  return RunImportWith<workforce::v1::WorkforceService>(c, import);
}

int RunIndicators(Invocation& c) {
  IndicatorsFlags& f = c.options.indicators;
  if (int e = Require({{"--unit", &f.unit}}); e != 0) return e;
  if (f.from.empty() || f.to.empty()) {
    return Usage("--from and --to are required");
  }
  if (int e = CheckDates({{"--from", &f.from, DateForm::kDay},
                          {"--to", &f.to, DateForm::kDay}});
      e != 0) {
    return e;
  }
  ApplyTimeout(c, &f.timeout_seconds);
  return ShowIndicators(stats::v1::StatsService::NewStub(c.channel).get(), f);
}

int RunDossierList(Invocation& c) {
  DossierListFlags& f = c.options.dossiers;
  return RunStatsView(
      c, f,
      {{"--unit", &f.unit},
       {"--from", &f.from},
       {"--to", &f.to},
       {"--figure", &f.figure},
       {"--part", &f.part}},
      {{"--from", &f.from, DateForm::kDay}, {"--to", &f.to, DateForm::kDay}},
      ListDossiers);
}

int RunPaymentList(Invocation& c) {
  DossierListFlags& f = c.options.dossiers;
  return RunStatsView(
      c, f, {{"--unit", &f.unit}, {"--from", &f.from}, {"--to", &f.to}},
      {{"--from", &f.from, DateForm::kDay}, {"--to", &f.to, DateForm::kDay}},
      ListPayments);
}

int RunRank(Invocation& c) {
  RankingFlags& f = c.options.ranking;
  return RunStatsView(
      c, f,
      {{"--unit", &f.unit},
       {"--level", &f.level},
       {"--indicator", &f.indicator},
       {"--from", &f.from},
       {"--to", &f.to}},
      {{"--from", &f.from, DateForm::kDay}, {"--to", &f.to, DateForm::kDay}},
      RankUnits);
}

int RunTrend(Invocation& c) {
  RankingFlags& f = c.options.ranking;
  return RunStatsView(c, f,
                      {{"--unit", &f.unit},
                       {"--indicator", &f.indicator},
                       {"--from", &f.from},
                       {"--to", &f.to}},
                      {{"--from", &f.from, DateForm::kMonth},
                       {"--to", &f.to, DateForm::kMonth}},
                      ShowTrend);
}

int RunOutliers(Invocation& c) {
  RankingFlags& f = c.options.ranking;
  return RunStatsView(c, f, {{"--unit", &f.unit}, {"--month", &f.from}},
                      {{"--month", &f.from, DateForm::kMonth}}, ShowOutliers);
}

int RunUnits(Invocation& c) {
  if (int e = CheckDates({{"--on", &c.options.units.on_date, DateForm::kDay}});
      e != 0) {
    return e;
  }
  ApplyTimeout(c, &c.options.units.timeout_seconds);
  return ListUnits(stats::v1::StatsService::NewStub(c.channel).get(),
                   c.options.units);
}

int RunSecurityView(Invocation& c,
                    int (*show)(SecurityStub*, const SecurityViewFlags&)) {
  SecurityViewFlags& f = c.options.view;
  if (int e = Require({{"--unit", &f.unit}}); e != 0) return e;
  if (int e = CheckDates({{"--as-of", &f.as_of, DateForm::kDay}}); e != 0) {
    return e;
  }
  ApplyTimeout(c, &f.timeout_seconds);
  return show(security::v1::SecurityService::NewStub(c.channel).get(), f);
}

int RunSecurityBehind(Invocation& c,
                      int (*list)(SecurityStub*, const BehindFlags&)) {
  BehindFlags& f = c.options.behind;
  if (int e = Require({{"--unit", &f.unit}, {"--part", &f.part}}); e != 0) {
    return e;
  }
  if (int e = CheckDates({{"--as-of", &f.as_of, DateForm::kDay}}); e != 0) {
    return e;
  }
  ApplyTimeout(c, &f.timeout_seconds);
  return list(security::v1::SecurityService::NewStub(c.channel).get(), f);
}

int RunStaffBehind(Invocation& c) {
  BehindFlags& f = c.options.behind;
  if (int e = Require({{"--unit", &f.unit},
                       {"--from", &f.from},
                       {"--to", &f.to},
                       {"--part", &f.part}});
      e != 0) {
    return e;
  }
  if (int e = CheckDates({{"--from", &f.from, DateForm::kDay},
                          {"--to", &f.to, DateForm::kDay}});
      e != 0) {
    return e;
  }
  ApplyTimeout(c, &f.timeout_seconds);
  return ListStaffBehind(
      workforce::v1::WorkforceService::NewStub(c.channel).get(), f);
}

int RunHistory(Invocation& c) {
  SecurityViewFlags& f = c.options.view;
  if (int e = Require({{"--system", &f.system}}); e != 0) return e;
  ApplyTimeout(c, &f.timeout_seconds);
  return ShowHistory(security::v1::SecurityService::NewStub(c.channel).get(),
                     f);
}

int RunWorkforceSummary(Invocation& c) {
  WorkforceViewFlags& f = c.options.workforce;
  if (int e = Require({{"--unit", &f.unit}}); e != 0) return e;
  if (f.from.empty() || f.to.empty()) {
    return Usage("--from and --to are required");
  }
  if (int e = CheckDates({{"--from", &f.from, DateForm::kDay},
                          {"--to", &f.to, DateForm::kDay}});
      e != 0) {
    return e;
  }
  ApplyTimeout(c, &f.timeout_seconds);
  return ShowWorkforceSummary(
      workforce::v1::WorkforceService::NewStub(c.channel).get(), f);
}

int RunEligibility(Invocation& c) {
  WorkforceViewFlags& f = c.options.workforce;
  if (int e = Require({{"--staff", &f.staff}, {"--month", &f.month}}); e != 0) {
    return e;
  }
  if (int e = CheckDates({{"--month", &f.month, DateForm::kMonth}}); e != 0) {
    return e;
  }
  ApplyTimeout(c, &f.timeout_seconds);
  return ShowEligibility(
      workforce::v1::WorkforceService::NewStub(c.channel).get(), f);
}

int RunReportFile(Invocation& c, int (*run)(ReportStub*, const ReportFlags&)) {
  c.options.report.file = c.args[0];
  return run(ReportStubOf(c).get(), c.options.report);
}

int RunNarrativePut(Invocation& c) {
  ReportFlags& f = c.options.report;
  if (int e = Require({{"--unit", &f.unit}, {"--period", &f.period}}); e != 0) {
    return e;
  }
  if (f.section.empty() || f.file.empty()) {
    return Usage("--section and --file are required");
  }
  if (int e = CheckReportDates(f); e != 0) return e;
  return PutNarrative(ReportStubOf(c).get(), f);
}

int RunReportList(Invocation& c) {
  ReportFlags& f = c.options.report;
  if (int e = Require({{"--unit", &f.unit}}); e != 0) return e;
  if (int e = CheckReportDates(f); e != 0) return e;
  return ListReports(ReportStubOf(c).get(), f);
}

int RunReportSign(Invocation& c) {
  ReportFlags& f = c.options.report;
  if (int e = Require(
          {{"--unit", &f.unit}, {"--period", &f.period}, {"--cert", &f.cert}});
      e != 0) {
    return e;
  }
  if (f.key.empty() == f.pkcs11_uri.empty()) {
    return Usage("give one of --key and --pkcs11-uri");
  }
  if (int e = CheckReportDates(f); e != 0) return e;
  return SignReport(ReportStubOf(c).get(), f);
}

int RunReportIssue(Invocation& c) {
  ReportFlags& f = c.options.report;
  if (int e = Require({{"--unit", &f.unit}, {"--period", &f.period}}); e != 0) {
    return e;
  }
  if (int e = CheckReportDates(f); e != 0) return e;
  return IssueReport(ReportStubOf(c).get(), f);
}

int RunContribution(Invocation& c, const char* verb) {
  ReportFlags& f = c.options.report;
  const std::string v = verb;
  if (v == "list" || v == "status" || v == "requests") {
    if (int e = Require({{"--period", &f.period}}); e != 0) return e;
    if (int e = CheckReportDates(f); e != 0) return e;
    if (v == "status") return ContributionStatus(ReportStubOf(c).get(), f);
    if (v == "requests") {
      return ListContributionRequests(ReportStubOf(c).get(), f);
    }
    return ListContributions(ReportStubOf(c).get(), f);
  }
  if (v == "request") {
    if (int e = Require({{"--period", &f.period},
                         {"--section", &f.section},
                         {"--deadline", &f.deadline}});
        e != 0) {
      return e;
    }
    if (f.units.empty() == f.subtree.empty() && f.level.empty()) {
      std::fprintf(stderr,
                   "dtctl: contributions request: give --units, or "
                   "--subtree (and --level), or --level\n");
      return 2;
    }
    if (int e = CheckReportDates(f); e != 0) return e;
    if (int e = CheckDates({{"--deadline", &f.deadline, DateForm::kDay}});
        e != 0) {
      return e;
    }
    return RequestContributions(ReportStubOf(c).get(), f);
  }
  if (int e = Require({{"--unit", &f.unit},
                       {"--period", &f.period},
                       {"--section", &f.section}});
      e != 0) {
    return e;
  }
  if (int e = CheckReportDates(f); e != 0) return e;
  if (v == "put") {
    if (int e = Require({{"--file", &f.file}}); e != 0) return e;
    return PutContribution(ReportStubOf(c).get(), f);
  }
  if (v == "return") {
    if (int e = Require({{"--reason", &f.reason}}); e != 0) return e;
  }
  const ContributionVerb step = v == "submit"   ? ContributionVerb::kSubmit
                                : v == "accept" ? ContributionVerb::kAccept
                                : v == "return" ? ContributionVerb::kReturn
                                                : ContributionVerb::kGet;
  return StepContribution(ReportStubOf(c).get(), f, step);
}

int RunPeriod(Invocation& c, const char* verb) {
  ReportFlags& f = c.options.report;
  const std::string v = verb;
  if (v == "close") {
    if (int e = Require({{"--unit", &f.unit}, {"--period", &f.period}});
        e != 0) {
      return e;
    }
    if (int e = CheckReportDates(f); e != 0) return e;
    return ClosePeriod(ReportStubOf(c).get(), f);
  }
  if (v == "exceptions add") {
    if (int e = Require({{"--unit", &f.unit},
                         {"--period", &f.period},
                         {"--kind", &f.kind},
                         {"--until", &f.until},
                         {"--reason", &f.reason}});
        e != 0) {
      return e;
    }
    if (int e = CheckReportDates(f); e != 0) return e;
    return AddLockException(ReportStubOf(c).get(), f);
  }
  return ListPeriodLocks(ReportStubOf(c).get(), f,
                         /*exceptions_only=*/v == "exceptions list");
}

int RunReportVerify(Invocation& c) {
  return VerifyPdf(c.args[0], c.options.report.trust);
}

int RunReportOut(Invocation& c, int (*run)(ReportStub*, const ReportFlags&)) {
  ReportFlags& f = c.options.report;
  if (int e = Require({{"--unit", &f.unit},
                       {"--period", &f.period},
                       {"--out", &f.out_dir}});
      e != 0) {
    return e;
  }
  if (int e = CheckReportDates(f); e != 0) return e;
  return run(ReportStubOf(c).get(), f);
}

int RunAudit(Invocation& c) {
  AuditFlags& f = c.options.audit;
  if (int e = CheckDates({{"--since", &f.since, DateForm::kDayOrTime}});
      e != 0) {
    return e;
  }
  ApplyTimeout(c, &f.timeout_seconds);
  return ListAudit(common::v1::AuditService::NewStub(c.channel).get(), f);
}

int RunSampleWrite(Invocation& c) {
  const Options& o = c.options;
  if (int e = Require({{"--out", &o.out_dir}}); e != 0) return e;
  std::string fixture_text(BuiltInFixture());
  if (!o.fixture_path.empty()) {
    std::ifstream in(o.fixture_path);
    if (!in) return Usage("cannot read " + o.fixture_path);
    std::stringstream text;
    text << in.rdbuf();
    fixture_text = text.str();
  }
  auto targets = ParseFixtureTargets(fixture_text);
  if (!targets.ok()) {
    std::fprintf(stderr, "dtctl: %s\n",
                 std::string(targets.status().message()).c_str());
    return 1;
  }
  auto files = WriteSampleMonth(*targets, o.out_dir);
  if (!files.ok()) {
    std::fprintf(stderr, "dtctl: %s\n",
                 std::string(files.status().message()).c_str());
    return 1;
  }
  for (const auto& [path, count, noun] : files->written) {
    std::printf("%s: %s %s\n", path.c_str(), GroupDigits(count).c_str(),
                noun.c_str());
  }
  return 0;
}

int RunPolicyCheck(Invocation& c) {
  c.options.policy.file = c.args[0];
  return CheckPolicy(c.options.policy);
}

int RunRulesShow(Invocation& c) {
  RulesFlags& f = c.options.rules;
  // --kind was checked when it chose the service (ServiceOfKind).
  if (int e = CheckDates({{"--on", &f.on, DateForm::kDay}}); e != 0) return e;
  ApplyTimeout(c, &f.timeout_seconds);
  if (f.kind == "indicators") {
    return ShowIndicatorsInForce(
        stats::v1::StatsService::NewStub(c.channel).get(), f);
  }
  if (f.kind == "settings") {
    if (int e = Require({{"--unit", &f.unit}}); e != 0) return e;
    return ShowSettingsInForce(
        report::v1::ReportService::NewStub(c.channel).get(), f);
  }
  if (f.kind == "templates") {
    return ShowTemplatesInForce(
        report::v1::ReportService::NewStub(c.channel).get(), f);
  }
  return ShowControlsInForce(
      security::v1::SecurityService::NewStub(c.channel).get(), f);
}

int Usage(const std::string& message) {
  std::fprintf(stderr, "dtctl: %s (see dtctl --help)\n", message.c_str());
  return 2;
}

}  // namespace dtr::dtctl
