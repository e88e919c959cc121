#include "common/dates.h"

#include <cctype>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace dtr {
namespace {

bool AllDigits(absl::string_view s) {
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return !s.empty();
}

int ToInt(absl::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

absl::TimeZone ReportTimeZone() {
  static const absl::TimeZone zone = [] {
    absl::TimeZone tz;
    if (absl::LoadTimeZone("Asia/Ho_Chi_Minh", &tz)) return tz;
    return absl::FixedTimeZone(7 * 60 * 60);
  }();
  return zone;
}

std::optional<absl::CivilDay> ParseIsoDate(absl::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  absl::string_view y = text.substr(0, 4), m = text.substr(5, 2),
                    d = text.substr(8, 2);
  if (!AllDigits(y) || !AllDigits(m) || !AllDigits(d)) return std::nullopt;
  int year = ToInt(y), month = ToInt(m), day = ToInt(d);
  absl::CivilDay civil(year, month, day);
  // CivilDay normalises 2023-02-30 to 2023-03-02; such input is invalid.
  if (civil.year() != year || civil.month() != month || civil.day() != day) {
    return std::nullopt;
  }
  return civil;
}

std::optional<absl::CivilDay> ParseDay(absl::string_view text) {
  if (text.size() == 10) return ParseIsoDate(text);
  if (text.size() < 20 || (text[10] != 'T' && text[10] != 't')) {
    return std::nullopt;
  }
  if (!ParseIsoDate(text.substr(0, 10))) return std::nullopt;
  absl::Time t;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, std::string(text), &t, &err)) {
    return std::nullopt;
  }
  return absl::ToCivilDay(t, ReportTimeZone());
}

std::optional<absl::Time> ParseInstant(absl::string_view text) {
  if (text.size() == 10) {
    auto day = ParseIsoDate(text);
    if (!day) return std::nullopt;
    return absl::FromCivil(*day, ReportTimeZone());
  }
  if (!ParseDay(text)) return std::nullopt;  // checks the form strictly
  absl::Time t;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, std::string(text), &t, &err)) {
    return std::nullopt;
  }
  return t;
}

std::string FormatDay(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

std::string FormatInstant(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", t, absl::UTCTimeZone());
}

std::string FormatLocalInstant(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", t, ReportTimeZone());
}

int32_t DayNumber(absl::CivilDay day) {
  return static_cast<int32_t>(day.year() * 10000 + day.month() * 100 +
                              day.day());
}

absl::CivilDay DayFromNumber(int32_t yyyymmdd) {
  return absl::CivilDay(yyyymmdd / 10000, (yyyymmdd / 100) % 100,
                        yyyymmdd % 100);
}

int32_t MonthNumber(absl::CivilDay day) {
  return static_cast<int32_t>(day.year() * 100 + day.month());
}

absl::CivilDay Today() {
  return absl::ToCivilDay(absl::Now(), ReportTimeZone());
}

absl::CivilDay FirstDayOfMonth(absl::CivilDay day) {
  return absl::CivilDay(absl::CivilMonth(day));
}

absl::CivilDay LastDayOfMonth(absl::CivilDay day) {
  return absl::CivilDay(absl::CivilMonth(day) + 1) - 1;
}

MonthSplit SplitIntoMonths(DayRange range) {
  MonthSplit split;
  if (range.last < range.first) return split;
  absl::CivilDay months_first = FirstDayOfMonth(range.first) == range.first
                                    ? range.first
                                    : LastDayOfMonth(range.first) + 1;
  absl::CivilDay months_last = LastDayOfMonth(range.last) == range.last
                                   ? range.last
                                   : FirstDayOfMonth(range.last) - 1;
  if (months_first > months_last) {
    // No whole month inside: all days are counted daily.
    split.leading_days = range;
    return split;
  }
  split.whole_months = DayRange{months_first, months_last};
  if (range.first < months_first) {
    split.leading_days = DayRange{range.first, months_first - 1};
  }
  if (months_last < range.last) {
    split.trailing_days = DayRange{months_last + 1, range.last};
  }
  return split;
}

}  // namespace dtr
