#include "services/report/contribution_tracker.h"

#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/log.h"
#include "services/report/contribution_expectations.h"
#include "services/report/report_requests.h"

namespace dtr::report {
namespace {

// How long a period written to stays in view.
constexpr absl::Duration kWrittenInView = absl::Hours(24 * 40);

}  // namespace

ContributionTracker::ContributionTracker(Deps deps,
                                         prometheus::Registry& registry)
    : d_(deps),
      gauges_(registry),
      refresh_([this] { RefreshGauges(); }, absl::Milliseconds(200),
               absl::Minutes(5)) {}

absl::StatusOr<std::vector<v1::ContributionRequest>>
ContributionTracker::Expected(absl::CivilMonth month) const {
  auto asked = d_.requests->List(FormatPeriod(month));
  if (!asked.ok()) return asked.status();
  const std::shared_ptr<const ContributionDefaults> defaults =
      d_.defaults != nullptr ? d_.defaults->Get() : nullptr;
  const std::shared_ptr<const UnitTree> tree =
      d_.units != nullptr ? d_.units->Get() : nullptr;
  return ExpectedContributions(
      month, *asked, defaults != nullptr ? defaults->For(month) : nullptr,
      tree.get());
}

absl::StatusOr<v1::ContributionStatus> ContributionTracker::Status(
    absl::CivilMonth month, absl::Time now) const {
  auto expected = Expected(month);
  if (!expected.ok()) return expected.status();
  const std::string period = FormatPeriod(month);
  auto progress = d_.contributions->Progress(period);
  if (!progress.ok()) return progress.status();
  const std::shared_ptr<const UnitTree> tree =
      d_.units != nullptr ? d_.units->Get() : nullptr;
  return ReportingStatus(period, *expected, *progress, tree.get(), now);
}

void ContributionTracker::Touched(absl::CivilMonth month) {
  {
    absl::MutexLock lock(&mu_);
    written_[month] = absl::Now();
  }
  refresh_.MarkStale();
}

void ContributionTracker::RefreshGauges() {
  const absl::CivilMonth current(Today());
  const absl::Time now = absl::Now();
  std::set<absl::CivilMonth> months{current, current - 1};
  {
    absl::MutexLock lock(&mu_);
    for (auto it = written_.begin(); it != written_.end();) {
      if (now - it->second > kWrittenInView) {
        it = written_.erase(it);
      } else {
        months.insert((it++)->first);
      }
    }
  }
  std::set<std::string> periods;
  for (absl::CivilMonth month : months) periods.insert(FormatPeriod(month));
  gauges_.Retain(periods);
  for (absl::CivilMonth month : months) {
    auto status = Status(month, now);
    if (!status.ok()) {
      LogWarning("contribution gauges not refreshed",
                 {{"period", FormatPeriod(month)},
                  {"error", status.status().ToString()}});
      continue;
    }
    gauges_.Set(*status);
  }
}

}  // namespace dtr::report
