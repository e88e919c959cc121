#include "services/report/report_gauges.h"

#include "absl/strings/numbers.h"
#include "absl/time/civil_time.h"
#include "common/dates.h"
#include "common/gauge_family.h"

namespace dtr::report {
namespace {

// Midnight starting the month after `period` ("YYYY-MM"), in seconds.
bool PeriodEnd(const std::string& period, double* seconds) {
  int year = 0, month = 0;
  if (period.size() != 7 || period[4] != '-' ||
      !absl::SimpleAtoi(period.substr(0, 4), &year) ||
      !absl::SimpleAtoi(period.substr(5, 2), &month)) {
    return false;
  }
  const absl::CivilMonth next = absl::CivilMonth(year, month) + 1;
  *seconds = absl::ToDoubleSeconds(
      absl::FromCivil(absl::CivilSecond(next), ReportTimeZone()) -
      absl::UnixEpoch());
  return true;
}

}  // namespace

ReportGauges::ReportGauges(prometheus::Registry& registry)
    : latest_(GaugeFamily(registry,
                          "dtr_report_latest_period_end_timestamp_seconds",
                          "End of the latest month with a complete archived "
                          "report of the unit (midnight starting the next "
                          "month, Asia/Ho_Chi_Minh).")) {}

absl::Status ReportGauges::Load(ReportStore& store) {
  auto complete = store.LatestCompletePeriods();
  if (!complete.ok()) return complete.status();
  for (const auto& [unit, period] : *complete) Completed(unit, period);
  return absl::OkStatus();
}

void ReportGauges::Completed(const std::string& unit,
                             const std::string& period) {
  double end = 0;
  if (!PeriodEnd(period, &end)) return;
  absl::MutexLock lock(&mu_);
  prometheus::Gauge*& gauge = by_unit_[unit];
  if (gauge == nullptr) gauge = &latest_.Add({{"unit", unit}});
  // A report of an earlier month generated again does not move it back.
  if (end > gauge->Value()) gauge->Set(end);
}

}  // namespace dtr::report
