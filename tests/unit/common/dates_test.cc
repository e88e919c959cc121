#include "common/dates.h"

#include "gtest/gtest.h"

namespace dtr {
namespace {

absl::CivilDay Day(int y, int m, int d) { return absl::CivilDay(y, m, d); }

TEST(DatesTest, ParsesPlainDates) {
  EXPECT_EQ(ParseDay("2023-10-31"), Day(2023, 10, 31));
  EXPECT_EQ(ParseDay("2024-02-29"), Day(2024, 2, 29));
}

TEST(DatesTest, RejectsImpossibleOrMalformedDates) {
  EXPECT_FALSE(ParseDay("2023-02-29"));
  EXPECT_FALSE(ParseDay("2023-13-01"));
  EXPECT_FALSE(ParseDay("2023-1-01"));
  EXPECT_FALSE(ParseDay("31/10/2023"));
  EXPECT_FALSE(ParseDay(""));
  EXPECT_FALSE(ParseDay("2023-10-31T25:00:00+07:00"));
  EXPECT_FALSE(ParseDay("2023-10-31T10:00:00"));  // no offset
}

TEST(DatesTest, TimesCountOnTheirDayInVietnam) {
  EXPECT_EQ(ParseDay("2023-10-31T08:00:00+07:00"), Day(2023, 10, 31));
  // 17:30 UTC is 00:30 the next day in Hà Nội.
  EXPECT_EQ(ParseDay("2023-10-31T17:30:00Z"), Day(2023, 11, 1));
  EXPECT_EQ(ParseDay("2023-12-31T16:59:59Z"), Day(2023, 12, 31));
  EXPECT_EQ(ParseDay("2023-12-31T17:00:00Z"), Day(2024, 1, 1));
  EXPECT_EQ(ParseDay("2023-10-31T23:00:00.250-05:00"), Day(2023, 11, 1));
}

TEST(DatesTest, InstantsAreTimesOrTheStartOfADay) {
  EXPECT_EQ(ParseInstant("2023-10-31"),
            absl::FromCivil(absl::CivilSecond(2023, 10, 30, 17, 0, 0),
                            absl::UTCTimeZone()));
  EXPECT_EQ(ParseInstant("2023-10-31T10:00:00Z"),
            absl::FromCivil(absl::CivilSecond(2023, 10, 31, 10, 0, 0),
                            absl::UTCTimeZone()));
  EXPECT_FALSE(ParseInstant("2023-10-32"));
  EXPECT_FALSE(ParseInstant("tomorrow"));
}

TEST(DatesTest, NumbersSortLikeDays) {
  EXPECT_EQ(DayNumber(Day(2023, 10, 5)), 20231005);
  EXPECT_EQ(DayFromNumber(20231005), Day(2023, 10, 5));
  EXPECT_EQ(MonthNumber(Day(2023, 10, 5)), 202310);
  EXPECT_EQ(FormatDay(Day(2023, 1, 2)), "2023-01-02");
}

TEST(DatesTest, MonthBounds) {
  EXPECT_EQ(FirstDayOfMonth(Day(2024, 2, 17)), Day(2024, 2, 1));
  EXPECT_EQ(LastDayOfMonth(Day(2024, 2, 17)), Day(2024, 2, 29));
  EXPECT_EQ(LastDayOfMonth(Day(2023, 12, 5)), Day(2023, 12, 31));
}

TEST(DatesTest, YearToDateIsWholeMonths) {
  MonthSplit split = SplitIntoMonths({Day(2023, 1, 1), Day(2023, 10, 31)});
  EXPECT_FALSE(split.leading_days);
  EXPECT_FALSE(split.trailing_days);
  ASSERT_TRUE(split.whole_months);
  EXPECT_EQ(*split.whole_months,
            (DayRange{Day(2023, 1, 1), Day(2023, 10, 31)}));
}

TEST(DatesTest, RangesSplitIntoEdgesAndMonths) {
  MonthSplit split = SplitIntoMonths({Day(2023, 1, 15), Day(2023, 10, 24)});
  EXPECT_EQ(*split.leading_days,
            (DayRange{Day(2023, 1, 15), Day(2023, 1, 31)}));
  EXPECT_EQ(*split.whole_months, (DayRange{Day(2023, 2, 1), Day(2023, 9, 30)}));
  EXPECT_EQ(*split.trailing_days,
            (DayRange{Day(2023, 10, 1), Day(2023, 10, 24)}));
}

TEST(DatesTest, ShortRangesAreAllDays) {
  MonthSplit split = SplitIntoMonths({Day(2023, 3, 10), Day(2023, 4, 20)});
  EXPECT_EQ(*split.leading_days,
            (DayRange{Day(2023, 3, 10), Day(2023, 4, 20)}));
  EXPECT_FALSE(split.whole_months);
  EXPECT_FALSE(split.trailing_days);
  split = SplitIntoMonths({Day(2023, 3, 10), Day(2023, 3, 10)});
  EXPECT_EQ(*split.leading_days,
            (DayRange{Day(2023, 3, 10), Day(2023, 3, 10)}));
}

// A history time as the province's clock read it, to the second.
TEST(DatesTest, LocalInstantsAreOnTheProvinceClock) {
  const absl::Time t = *ParseInstant("2026-12-06T21:56:28.154440631Z");
  EXPECT_EQ(FormatLocalInstant(t), "2026-12-07T04:56:28+07:00");
  EXPECT_EQ(*ParseInstant(FormatLocalInstant(t)),
            absl::FromUnixSeconds(absl::ToUnixSeconds(t)));
}

}  // namespace
}  // namespace dtr
