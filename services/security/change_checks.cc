#include "services/security/change_checks.h"

#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/field_checks.h"

namespace dtr::security {

absl::Status CheckOptionalDay(absl::string_view field,
                              const std::string& value) {
  if (value.empty()) return absl::OkStatus();
  auto day = ParseIsoDate(value);
  if (!day) return BadDate(field, value);
  if (*day > Today() + 1) return Invalid(field, "is in the future");
  return absl::OkStatus();
}

absl::StatusOr<absl::Time> ParsePastInstant(absl::string_view field,
                                            const std::string& value) {
  auto t = ParseInstant(value);
  if (!t) return BadDate(field, value, DateForm::kDayOrTime);
  if (*t > absl::Now() + absl::Minutes(5)) {
    return Invalid(field, "is in the future");
  }
  return *t;
}

absl::CivilDay DayOf(absl::Time t) {
  return absl::ToCivilDay(t, ReportTimeZone());
}

}  // namespace dtr::security
