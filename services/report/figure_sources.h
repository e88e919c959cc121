// The report's figures as the three services give them: the calls one
// report needs, made in parallel, each with a deadline.
//
// For a unit and a month: the public-service indicators of the year to
// date, of the month alone, of each earlier month of the year and of the
// online-payment window; the security
// compliance as of the month's last day; the workforce of the year to
// date; and, for the change since the previous report when no archived one
// exists, the same figures of the previous month. A service that fails any
// of its calls is reported as missing with the first failure.
//
// Thread-safe: several reports may fetch at once (gRPC stubs are).
#ifndef DTR_SERVICES_REPORT_FIGURE_SOURCES_H_
#define DTR_SERVICES_REPORT_FIGURE_SOURCES_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "dtr/security/v1/security.grpc.pb.h"
#include "dtr/stats/v1/stats.grpc.pb.h"
#include "dtr/workforce/v1/workforce.grpc.pb.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/status.h"

namespace dtr::report {

// The services' names in reports and errors.
inline constexpr char kStats[] = "stats";
inline constexpr char kSecurity[] = "security";
inline constexpr char kWorkforce[] = "workforce";

// The figures of one period: a year to date, its month, its payment
// window.
struct PeriodFigures {
  std::optional<stats::v1::GetIndicatorsResponse> stats_ytd;
  std::optional<stats::v1::GetIndicatorsResponse> stats_month;
  std::optional<stats::v1::GetIndicatorsResponse> payments;
  std::optional<security::v1::GetComplianceSummaryResponse> security;
  std::optional<workforce::v1::GetWorkforceSummaryResponse> workforce;
};

struct SourceRequest {
  std::string unit_code;
  absl::CivilMonth month;
  absl::CivilDay payments_through;
  // Also fetch the previous month's figures.
  bool with_previous = false;
  // Rank the units of these levels under the unit, year to date, by each
  // of kRankedIndicators.
  std::vector<std::string> rank_levels;
};

// The rates the report shows month by month.
inline constexpr const char* kChartedIndicators[] = {
    "online_submission", "full_process_online", "digitization"};

// Month `i` (0: January) of the trend of `indicator`; null when the trend
// is missing.
const common::v1::Ratio* MonthlyRate(
    const std::map<std::string, stats::v1::GetTrendResponse>& monthly,
    const std::string& indicator, int i);

// The rates whose lowest units the report lists.
inline constexpr const char* kRankedIndicators[] = {
    "online_submission", "full_process_online", "on_time"};

struct SourceFigures {
  PeriodFigures current;
  PeriodFigures previous;  // filled when asked for
  // The month-by-month rates of the chart and table of the year
  // (kChartedIndicators), January to the report's month, each from one
  // GetTrend call; a trend that failed is missing (the stats service is
  // then counted as failed).
  std::map<std::string, stats::v1::GetTrendResponse> monthly;
  int months = 0;  // of the year, up to the report's
  // The rankings asked for, by level then indicator; a ranking that failed
  // is left out (the report is made without it).
  std::map<std::pair<std::string, std::string>, stats::v1::RankUnitsResponse>
      rankings;
  // The units whose month stands far from their history (fetched with the
  // rankings; none when that failed).
  std::optional<stats::v1::ListOutliersResponse> outliers;
  // Services that did not answer (kStats, ...), with the first failure.
  std::map<std::string, grpc::Status> failures;
  // How long the parallel calls took, end to end.
  absl::Duration waited;
};

struct SourceAddresses {
  std::string stats;
  std::string security;
  std::string workforce;
};

class FigureSources {
 public:
  // `credentials`: how the report service calls the three (its own client
  // certificate under mutual TLS, or plain text).
  FigureSources(const SourceAddresses& addresses, absl::Duration deadline,
                std::shared_ptr<grpc::ChannelCredentials> credentials);

  SourceFigures Fetch(const SourceRequest& request);

  // "workforce service (dtr.workforce.v1.WorkforceService at HOST:PORT)".
  std::string Describe(const std::string& service) const;

 private:
  SourceAddresses addresses_;
  absl::Duration deadline_;
  std::unique_ptr<stats::v1::StatsService::Stub> stats_;
  std::unique_ptr<security::v1::SecurityService::Stub> security_;
  std::unique_ptr<workforce::v1::WorkforceService::Stub> workforce_;
};

// The first and last day of a year to date ending with `month`.
absl::CivilDay YearStart(absl::CivilMonth month);
absl::CivilDay MonthEnd(absl::CivilMonth month);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_FIGURE_SOURCES_H_
