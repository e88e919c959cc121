// Numbers and dates written the Vietnamese way, as administrative documents
// print them: 434.846 (dots group thousands), 72,05% (a decimal comma),
// 4.920,426 triệu đồng, "ngày 31 tháng 10 năm 2023", 24/10/2023.
#ifndef DTR_COMMON_VIETNAMESE_FORMAT_H_
#define DTR_COMMON_VIETNAMESE_FORMAT_H_

#include <cstdint>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace dtr {

// 434846 → "434.846"; -1200 → "-1.200".
std::string VnInteger(int64_t value);

// At least two digits, as counts below ten are written in documents
// ("05 máy chủ", "01 nhiệm vụ"); larger ones as VnInteger.
std::string VnCount2(int64_t value);

// `value` with at most `decimals` decimals, trailing zeros dropped:
// (72.0537, 2) → "72,05"; (52.1, 2) → "52,1"; (100, 2) → "100";
// (4920.426, 3) → "4.920,426".
std::string VnDecimal(double value, int decimals);

// `value` with exactly `decimals` decimals: (52.1, 2) → "52,10"; (0, 2) →
// "0,00". A column of them lines up.
std::string VnFixed(double value, int decimals);

// A fraction as a percentage with up to two decimals, as prose writes it:
// 0.720536 → "72,05%", 0.521 → "52,1%".
std::string VnPercent(double fraction);

// A fraction as a percentage with exactly two decimals, as a table column
// writes it: 0.521 → "52,10%", 1 → "100,00%".
std::string VnPercentFixed(double fraction);

// Đồng as millions with up to three decimals: 4920426000 → "4.920,426".
std::string VnMillionDong(int64_t dong);

// "ngày 31 tháng 10 năm 2023"; "ngày 05 tháng 02 năm 2024" (Decree
// 30/2020/NĐ-CP: a leading zero for days below 10 and months 1 and 2).
std::string VnLongDate(absl::CivilDay day);

// The month as a date writes it: "02", "10".
std::string VnMonth(int month);

// "24/10/2023".
std::string VnShortDate(absl::CivilDay day);

// A month as a report names it: "9/2023", "02/2024" (the month as a date
// writes it).
std::string VnMonthYear(absl::CivilMonth month);

// An instant on the clock of Asia/Ho_Chi_Minh, to the minute: "04:56 ngày
// 07/12/2026".
std::string VnLocalTime(absl::Time t);

// A blank left in a document for the hand that fills it ("Số:        /BC",
// "ngày      tháng"): `width` no-break spaces, which HTML, Word and
// Markdown renderers keep instead of collapsing into one.
std::string VnBlank(int width);

}  // namespace dtr

#endif  // DTR_COMMON_VIETNAMESE_FORMAT_H_
