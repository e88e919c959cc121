#include "common/vietnamese_format.h"

#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/dates.h"

namespace dtr {
namespace {

std::string GroupWithDots(std::string digits) {
  std::string out;
  const int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return out;
}

// `value` rounded to `decimals` decimals; trailing zeros dropped when
// `trim`.
std::string Decimal(double value, int decimals, bool trim) {
  const double scale = std::pow(10.0, decimals);
  const double rounded = std::round(std::fabs(value) * scale);
  const int64_t whole = static_cast<int64_t>(rounded / scale);
  int64_t fraction = static_cast<int64_t>(rounded - whole * scale);
  int digits = decimals;
  while (trim && digits > 0 && fraction % 10 == 0) {
    fraction /= 10;
    --digits;
  }
  std::string out = (value < 0 && rounded > 0 ? "-" : "") + VnInteger(whole);
  if (digits > 0)
    absl::StrAppend(&out, ",", absl::StrFormat("%0*d", digits, fraction));
  return out;
}

}  // namespace

std::string VnInteger(int64_t value) {
  // Through unsigned, so that the lowest int64 has a magnitude.
  const uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value)
                                       : static_cast<uint64_t>(value);
  return (value < 0 ? "-" : "") + GroupWithDots(absl::StrCat(magnitude));
}

std::string VnCount2(int64_t value) {
  if (value >= 0 && value < 10) return absl::StrCat("0", value);
  return VnInteger(value);
}

std::string VnDecimal(double value, int decimals) {
  return Decimal(value, decimals, /*trim=*/true);
}

std::string VnFixed(double value, int decimals) {
  return Decimal(value, decimals, /*trim=*/false);
}

std::string VnPercent(double fraction) {
  return VnDecimal(fraction * 100, 2) + "%";
}

std::string VnPercentFixed(double fraction) {
  return VnFixed(fraction * 100, 2) + "%";
}

std::string VnMillionDong(int64_t dong) {
  // Whole thousands of đồng are exact in three decimals of a million.
  const int64_t thousands = static_cast<int64_t>(std::llround(dong / 1000.0));
  const int64_t whole = thousands / 1000;
  int64_t fraction = std::llabs(thousands % 1000);
  std::string out =
      (dong < 0 && whole == 0 && fraction > 0 ? "-" : "") + VnInteger(whole);
  int digits = 3;
  while (digits > 0 && fraction % 10 == 0) {
    fraction /= 10;
    --digits;
  }
  if (digits > 0)
    absl::StrAppend(&out, ",", absl::StrFormat("%0*d", digits, fraction));
  return out;
}

std::string VnLongDate(absl::CivilDay day) {
  // Decree 30/2020/NĐ-CP: days below 10 and the months 1 and 2 take a
  // leading zero (so that nothing can be written before them).
  return absl::StrFormat("ngày %02d tháng %s năm %d", day.day(),
                         VnMonth(day.month()), day.year());
}

std::string VnMonth(int month) {
  return month <= 2 ? absl::StrFormat("%02d", month) : absl::StrCat(month);
}

std::string VnShortDate(absl::CivilDay day) {
  return absl::StrFormat("%02d/%02d/%d", day.day(), day.month(), day.year());
}

std::string VnMonthYear(absl::CivilMonth month) {
  return absl::StrCat(VnMonth(month.month()), "/", month.year());
}

std::string VnLocalTime(absl::Time t) {
  return absl::FormatTime("%H:%M ngày %d/%m/%Y", t, ReportTimeZone());
}

std::string VnBlank(int width) {
  std::string out;
  for (int i = 0; i < width; ++i) out += "\xC2\xA0";  // U+00A0 in UTF-8
  return out;
}

}  // namespace dtr
