// Calendar days as the reports count them.
//
// Every figure of a Vietnamese report is counted by local calendar day in
// Asia/Ho_Chi_Minh (UTC+07:00, no daylight saving). Records carry either a
// plain date ("2023-10-05") or an RFC 3339 time with an offset
// ("2023-10-05T16:30:00Z"), which is counted on its local day. Days are kept
// as absl::CivilDay and stored as integers yyyymmdd, which sort and read
// like dates.
#ifndef DTR_COMMON_DATES_H_
#define DTR_COMMON_DATES_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace dtr {

// The time zone of every report: Asia/Ho_Chi_Minh from the system zone
// database, or the fixed UTC+07:00 it has used since 1975 when the database
// is not installed.
absl::TimeZone ReportTimeZone();

// Parses "YYYY-MM-DD" (a local day as written) or an RFC 3339 time with a
// "Z" or "+hh:mm" offset (its day in the report time zone). Rejects
// anything else, including impossible dates such as 2023-02-30.
std::optional<absl::CivilDay> ParseDay(absl::string_view text);

// Parses an instant: an RFC 3339 time, or "YYYY-MM-DD" for the start of
// that day in the report time zone.
std::optional<absl::Time> ParseInstant(absl::string_view text);

// Parses a strict "YYYY-MM-DD" only.
std::optional<absl::CivilDay> ParseIsoDate(absl::string_view text);

// "YYYY-MM-DD".
std::string FormatDay(absl::CivilDay day);

// RFC 3339 in UTC, with the fraction of a second when there is one.
std::string FormatInstant(absl::Time t);

// RFC 3339 in the report time zone, to the second, as people read a time:
// "2023-10-31T08:15:00+07:00".
std::string FormatLocalInstant(absl::Time t);

// 20231005 for 2023-10-05; the form days are stored and compared in.
int32_t DayNumber(absl::CivilDay day);
absl::CivilDay DayFromNumber(int32_t yyyymmdd);

// 202310 for any day of October 2023.
int32_t MonthNumber(absl::CivilDay day);

// Today in the report time zone.
absl::CivilDay Today();

// An inclusive range of days.
struct DayRange {
  absl::CivilDay first;
  absl::CivilDay last;

  bool Contains(absl::CivilDay day) const {
    return first <= day && day <= last;
  }
  friend bool operator==(const DayRange& a, const DayRange& b) {
    return a.first == b.first && a.last == b.last;
  }
};

// The split of a day range into whole months, counted from monthly totals,
// and the days at either end that are not whole months, counted from daily
// totals. Lets a year-to-date query read 10 monthly rows instead of 300
// daily ones.
struct MonthSplit {
  std::optional<DayRange> leading_days;   // days before the first whole month
  std::optional<DayRange> whole_months;   // first day of first whole month ..
                                          // last day of last whole month
  std::optional<DayRange> trailing_days;  // days after the last whole month
};
MonthSplit SplitIntoMonths(DayRange range);

// First and last day of the month of `day`.
absl::CivilDay FirstDayOfMonth(absl::CivilDay day);
absl::CivilDay LastDayOfMonth(absl::CivilDay day);

}  // namespace dtr

#endif  // DTR_COMMON_DATES_H_
