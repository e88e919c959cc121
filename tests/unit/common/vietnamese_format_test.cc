#include "common/vietnamese_format.h"

#include "gtest/gtest.h"

namespace dtr {
namespace {

TEST(VietnameseFormatTest, IntegersGroupThousandsWithDots) {
  EXPECT_EQ(VnInteger(0), "0");
  EXPECT_EQ(VnInteger(999), "999");
  EXPECT_EQ(VnInteger(1000), "1.000");
  EXPECT_EQ(VnInteger(434846), "434.846");
  EXPECT_EQ(VnInteger(4920426000), "4.920.426.000");
  EXPECT_EQ(VnInteger(-1200), "-1.200");
  EXPECT_EQ(VnInteger(INT64_MIN), "-9.223.372.036.854.775.808");
}

TEST(VietnameseFormatTest, SmallCountsTakeTwoDigits) {
  EXPECT_EQ(VnCount2(0), "00");
  EXPECT_EQ(VnCount2(5), "05");
  EXPECT_EQ(VnCount2(13), "13");
  EXPECT_EQ(VnCount2(1036), "1.036");
}

TEST(VietnameseFormatTest, DecimalsUseACommaAndDropTrailingZeros) {
  EXPECT_EQ(VnDecimal(72.0536, 2), "72,05");
  EXPECT_EQ(VnDecimal(52.1, 2), "52,1");
  EXPECT_EQ(VnDecimal(52.0999, 2), "52,1");
  EXPECT_EQ(VnDecimal(100, 2), "100");
  EXPECT_EQ(VnDecimal(1234.5, 1), "1.234,5");
  EXPECT_EQ(VnDecimal(-0.02, 2), "-0,02");
  EXPECT_EQ(VnDecimal(-0.001, 2), "0");
}

TEST(VietnameseFormatTest, PercentagesOfFractions) {
  EXPECT_EQ(VnPercent(293670.0 / 407595.0), "72,05%");
  EXPECT_EQ(VnPercent(35516.0 / 68164.0), "52,1%");
  EXPECT_EQ(VnPercent(141616.0 / 237121.0), "59,72%");
  EXPECT_EQ(VnPercent(1), "100%");
  EXPECT_EQ(VnPercent(0), "0%");
  EXPECT_EQ(VnPercent(0.999999), "100%");
}

// A table column: every percentage with two decimals, so that "52,1%" does
// not stand beside "66,42%".
TEST(VietnameseFormatTest, TablePercentagesKeepTwoDecimals) {
  EXPECT_EQ(VnPercentFixed(35516.0 / 68164.0), "52,10%");
  EXPECT_EQ(VnPercentFixed(104220.0 / 156903.0), "66,42%");
  EXPECT_EQ(VnPercentFixed(1), "100,00%");
  EXPECT_EQ(VnPercentFixed(0), "0,00%");
  EXPECT_EQ(VnFixed(-0.02, 2), "-0,02");
  EXPECT_EQ(VnFixed(0, 2), "0,00");
  EXPECT_EQ(VnFixed(1234.5, 2), "1.234,50");
}

TEST(VietnameseFormatTest, MillionsOfDong) {
  EXPECT_EQ(VnMillionDong(4920426000), "4.920,426");
  EXPECT_EQ(VnMillionDong(1000000), "1");
  EXPECT_EQ(VnMillionDong(1500000), "1,5");
  EXPECT_EQ(VnMillionDong(20000), "0,02");
  EXPECT_EQ(VnMillionDong(0), "0");
}

TEST(VietnameseFormatTest, DatesAsDocumentsWriteThem) {
  EXPECT_EQ(VnLongDate(absl::CivilDay(2023, 10, 31)),
            "ngày 31 tháng 10 năm 2023");
  // Decree 30/2020/NĐ-CP: a leading zero for days below 10 and months 1, 2.
  EXPECT_EQ(VnLongDate(absl::CivilDay(2024, 2, 5)),
            "ngày 05 tháng 02 năm 2024");
  EXPECT_EQ(VnLongDate(absl::CivilDay(2024, 3, 5)), "ngày 05 tháng 3 năm 2024");
  EXPECT_EQ(VnShortDate(absl::CivilDay(2023, 1, 1)), "01/01/2023");
  EXPECT_EQ(VnShortDate(absl::CivilDay(2023, 10, 24)), "24/10/2023");
}

// One month format everywhere: the month as a date writes it.
TEST(VietnameseFormatTest, MonthsAsReportsNameThem) {
  EXPECT_EQ(VnMonthYear(absl::CivilMonth(2023, 9)), "9/2023");
  EXPECT_EQ(VnMonthYear(absl::CivilMonth(2023, 10)), "10/2023");
  EXPECT_EQ(VnMonthYear(absl::CivilMonth(2024, 2)), "02/2024");
}

// Local time, to the minute: 21:56:28.58 UTC is 04:56 the next morning.
TEST(VietnameseFormatTest, TimesOnTheLocalClock) {
  const absl::Time t =
      absl::FromUnixNanos(1796594188580624056);  // 2026-12-06T21:56:28.58Z
  EXPECT_EQ(VnLocalTime(t), "04:56 ngày 07/12/2026");
}

TEST(VietnameseFormatTest, BlanksAreNoBreakSpaces) {
  EXPECT_EQ(VnBlank(0), "");
  EXPECT_EQ(VnBlank(3), "\xC2\xA0\xC2\xA0\xC2\xA0");
}

}  // namespace
}  // namespace dtr
