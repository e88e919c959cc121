#include "services/report/vietnamese_format.h"

#include "gtest/gtest.h"

namespace dtr::report {
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

}  // namespace
}  // namespace dtr::report
