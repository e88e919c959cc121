// Checks the security service's changes share, whether a single call's or
// an import row's (security_changes.h): time fields, days, and whether a
// record's new state says anything new.
//
// Pure functions; thread-safe.
#ifndef DTR_SERVICES_SECURITY_CHANGE_CHECKS_H_
#define DTR_SERVICES_SECURITY_CHANGE_CHECKS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace dtr::security {

// An optional day field: empty, or a day no later than tomorrow.
absl::Status CheckOptionalDay(absl::string_view field,
                              const std::string& value);

// A time field: an RFC 3339 time or a day, not in the future.
absl::StatusOr<absl::Time> ParsePastInstant(absl::string_view field,
                                            const std::string& value);

// The day of `t` where reports count it (Asia/Ho_Chi_Minh).
absl::CivilDay DayOf(absl::Time t);

// A message compared without its effective_at, which every write sets.
template <typename Message>
bool SameContent(Message a, Message b) {
  a.clear_effective_at();
  b.clear_effective_at();
  return a.SerializeAsString() == b.SerializeAsString();
}

}  // namespace dtr::security

#endif  // DTR_SERVICES_SECURITY_CHANGE_CHECKS_H_
