#include "services/report/figure_sources.h"

#include <functional>
#include <iterator>
#include <list>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace dtr::report {

absl::CivilDay YearStart(absl::CivilMonth month) {
  return absl::CivilDay(month.year(), 1, 1);
}

absl::CivilDay MonthEnd(absl::CivilMonth month) {
  return absl::CivilDay(month + 1) - 1;
}

namespace {

std::shared_ptr<grpc::Channel> ChannelTo(
    const std::string& address,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
  // A service that went away and came back (a restart, a new pod) is
  // called again within seconds: gRPC's reconnect backoff would otherwise
  // grow to two minutes, and reports would fail that long after it is up.
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  return grpc::CreateCustomChannel(address, credentials, args);
}

}  // namespace

FigureSources::FigureSources(
    const SourceAddresses& addresses, absl::Duration deadline,
    std::shared_ptr<grpc::ChannelCredentials> credentials)
    : addresses_(addresses),
      deadline_(deadline),
      stats_(stats::v1::StatsService::NewStub(
          ChannelTo(addresses.stats, credentials))),
      security_(security::v1::SecurityService::NewStub(
          ChannelTo(addresses.security, credentials))),
      workforce_(workforce::v1::WorkforceService::NewStub(
          ChannelTo(addresses.workforce, credentials))) {}

std::string FigureSources::Describe(const std::string& service) const {
  if (service == kStats) {
    return absl::StrCat("stats service (dtr.stats.v1.StatsService at ",
                        addresses_.stats, ")");
  }
  if (service == kSecurity) {
    return absl::StrCat("security service (dtr.security.v1.SecurityService at ",
                        addresses_.security, ")");
  }
  return absl::StrCat(
      "workforce service (dtr.workforce.v1.WorkforceService at ",
      addresses_.workforce, ")");
}

const common::v1::Ratio* MonthlyRate(
    const std::map<std::string, stats::v1::GetTrendResponse>& monthly,
    const std::string& indicator, int i) {
  auto it = monthly.find(indicator);
  if (it == monthly.end() || i < 0 || i >= it->second.months_size()) {
    return nullptr;
  }
  return &it->second.months(i).rate();
}

SourceFigures FigureSources::Fetch(const SourceRequest& r) {
  SourceFigures out;
  absl::Mutex mu;
  // The calls' contexts, alive until every call has ended; each call's
  // request and response live in its callback.
  std::list<grpc::ClientContext> contexts;
  const int periods = r.with_previous ? 2 : 1;
  out.months = static_cast<int>(r.month.month());
  const int charted = static_cast<int>(std::size(kChartedIndicators));
  const int rankings = static_cast<int>(r.rank_levels.size()) *
                       static_cast<int>(std::size(kRankedIndicators));
  const int outliers = r.rank_levels.empty() ? 0 : 1;
  absl::BlockingCounter pending(5 * periods + charted + rankings + outliers);
  const absl::Time start = absl::Now();
  const auto deadline = absl::ToChronoTime(start + deadline_);

  // Records a call's outcome; the service's first failure is kept.
  auto done = [&](const char* service, const grpc::Status& status,
                  std::function<void()> store) {
    {
      absl::MutexLock lock(&mu);
      if (status.ok()) {
        store();
      } else if (!out.failures.count(service)) {
        out.failures[service] = status;
      }
    }
    pending.DecrementCount();
  };

  auto indicators = [&](absl::CivilDay from, absl::CivilDay to,
                        std::optional<stats::v1::GetIndicatorsResponse>* slot) {
    grpc::ClientContext& context = contexts.emplace_back();
    context.set_deadline(deadline);
    auto request = std::make_shared<stats::v1::GetIndicatorsRequest>();
    auto response = std::make_shared<stats::v1::GetIndicatorsResponse>();
    request->set_unit_code(r.unit_code);
    request->mutable_range()->set_start_date(FormatDay(from));
    request->mutable_range()->set_end_date(FormatDay(to));
    stats_->async()->GetIndicators(
        &context, request.get(), response.get(),
        [&done, slot, response, request](grpc::Status s) {
          done(kStats, s, [slot, response] { *slot = std::move(*response); });
        });
  };
  auto compliance = [&](absl::CivilDay as_of, PeriodFigures* into) {
    grpc::ClientContext& context = contexts.emplace_back();
    context.set_deadline(deadline);
    auto request =
        std::make_shared<security::v1::GetComplianceSummaryRequest>();
    auto response =
        std::make_shared<security::v1::GetComplianceSummaryResponse>();
    request->set_unit_code(r.unit_code);
    request->set_as_of(FormatDay(as_of));
    security_->async()->GetComplianceSummary(
        &context, request.get(), response.get(),
        [&done, into, response, request](grpc::Status s) {
          done(kSecurity, s,
               [into, response] { into->security = std::move(*response); });
        });
  };
  auto workforce = [&](absl::CivilDay from, absl::CivilDay to,
                       PeriodFigures* into) {
    grpc::ClientContext& context = contexts.emplace_back();
    context.set_deadline(deadline);
    auto request =
        std::make_shared<workforce::v1::GetWorkforceSummaryRequest>();
    auto response =
        std::make_shared<workforce::v1::GetWorkforceSummaryResponse>();
    request->set_unit_code(r.unit_code);
    request->mutable_range()->set_start_date(FormatDay(from));
    request->mutable_range()->set_end_date(FormatDay(to));
    workforce_->async()->GetWorkforceSummary(
        &context, request.get(), response.get(),
        [&done, into, response, request](grpc::Status s) {
          done(kWorkforce, s,
               [into, response] { into->workforce = std::move(*response); });
        });
  };

  auto period = [&](absl::CivilMonth month, absl::CivilDay payments_through,
                    PeriodFigures* into) {
    const absl::CivilDay first = YearStart(month), last = MonthEnd(month);
    indicators(first, last, &into->stats_ytd);
    indicators(absl::CivilDay(month), last, &into->stats_month);
    indicators(first, payments_through, &into->payments);
    compliance(last, into);
    workforce(first, last, into);
  };
  period(r.month, r.payments_through, &out.current);
  for (const char* indicator : kChartedIndicators) {
    grpc::ClientContext& context = contexts.emplace_back();
    context.set_deadline(deadline);
    auto request = std::make_shared<stats::v1::GetTrendRequest>();
    auto response = std::make_shared<stats::v1::GetTrendResponse>();
    request->set_unit_code(r.unit_code);
    request->set_indicator(indicator);
    request->set_from_month(
        absl::FormatCivilTime(absl::CivilMonth(r.month.year(), 1)));
    request->set_to_month(absl::FormatCivilTime(r.month));
    stats_->async()->GetTrend(
        &context, request.get(), response.get(),
        [&done, &out, indicator, response, request](grpc::Status s) {
          done(kStats, s, [&out, indicator, response] {
            out.monthly[indicator] = std::move(*response);
          });
        });
  }
  if (r.with_previous) {
    period(r.month - 1, MonthEnd(r.month - 1), &out.previous);
  }
  // Last, behind the figures the report needs: a ranking is an extra (a
  // level the tree lacks, or a failure, leaves it out without failing the
  // report).
  auto rank = [&](const std::string& level, const char* indicator) {
    grpc::ClientContext& context = contexts.emplace_back();
    context.set_deadline(deadline);
    auto request = std::make_shared<stats::v1::RankUnitsRequest>();
    auto response = std::make_shared<stats::v1::RankUnitsResponse>();
    request->set_unit_code(r.unit_code);
    request->mutable_range()->set_start_date(FormatDay(YearStart(r.month)));
    request->mutable_range()->set_end_date(FormatDay(MonthEnd(r.month)));
    request->set_level(level);
    request->set_indicator(indicator);
    stats_->async()->RankUnits(
        &context, request.get(), response.get(),
        [&mu, &pending, &out, level, indicator, response,
         request](grpc::Status s) {
          if (s.ok()) {
            absl::MutexLock lock(&mu);
            out.rankings[{level, indicator}] = std::move(*response);
          }
          pending.DecrementCount();
        });
  };
  for (const std::string& level : r.rank_levels) {
    for (const char* indicator : kRankedIndicators) rank(level, indicator);
  }
  // The self-check's outliers: an extra, as the rankings are.
  if (outliers > 0) {
    grpc::ClientContext& context = contexts.emplace_back();
    context.set_deadline(deadline);
    auto request = std::make_shared<stats::v1::ListOutliersRequest>();
    auto response = std::make_shared<stats::v1::ListOutliersResponse>();
    request->set_unit_code(r.unit_code);
    request->set_month(
        absl::StrFormat("%04d-%02d", r.month.year(), r.month.month()));
    stats_->async()->ListOutliers(
        &context, request.get(), response.get(),
        [&mu, &pending, &out, response, request](grpc::Status s) {
          if (s.ok()) {
            absl::MutexLock lock(&mu);
            out.outliers = std::move(*response);
          }
          pending.DecrementCount();
        });
  }
  pending.Wait();
  out.waited = absl::Now() - start;
  return out;
}

}  // namespace dtr::report
