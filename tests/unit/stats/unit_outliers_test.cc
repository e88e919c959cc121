#include "services/stats/unit_outliers.h"

#include "common/dates.h"
#include "gtest/gtest.h"
#include "services/stats/indicator_rules.h"
#include "tests/unit/test_fixtures.h"

namespace dtr::stats {
namespace {

// The shipped definitions, built in.
const IndicatorDefinitions& Definitions() {
  static const auto* rules = new IndicatorRules();
  return *rules->Get()->versions().back().value;
}

std::shared_ptr<const UnitTree> Tree() {
  return testing::TreeFromCsv(
      "code,name,level,parent_code,valid_from,valid_to\n"
      "P,Province,province,,,\n"
      "D1,District 1,district,P,,\n"
      "C1,Commune 1,commune,D1,,\n"
      "C2,Commune 2,commune,D1,,\n");
}

using Counts = std::map<std::pair<std::string, int64_t>, DossierCounts>;

// `received[i]` dossiers of `unit` in the i-th month from October 2023:
// twelve months of history, then October 2024.
void Receive(Counts* counts, const std::string& unit,
             const std::vector<int64_t>& received) {
  for (size_t i = 0; i < received.size(); ++i) {
    const absl::CivilMonth month = absl::CivilMonth(2023, 10) + i;
    (*counts)[{unit, MonthNumber(absl::CivilDay(month))}].Add(
        v1::SERVICE_LEVEL_NONE, v1::CHANNEL_DIRECT, 0,
        v1::DOSSIER_STATUS_PENDING, received[i]);
  }
}

const v1::Outlier* Find(const v1::ListOutliersResponse& r,
                        const std::string& unit) {
  for (const v1::Outlier& o : r.outliers()) {
    if (o.unit_code() == unit && o.metric() == "dossiers_received") return &o;
  }
  return nullptr;
}

TEST(UnitOutliersTest, AMonthFarFromItsHistoryIsListedWithItsScore) {
  Counts counts;
  Receive(&counts, "C1",
          {100, 104, 98, 101, 99, 103, 97, 102, 100, 101, 99, 100, 300});
  Receive(&counts, "C2",
          {100, 104, 98, 101, 99, 103, 97, 102, 100, 101, 99, 100, 105});
  const auto out =
      FindOutliers(*Tree(), Definitions(), "P", absl::CivilMonth(2024, 10),
                   counts, kDefaultOutlierThreshold);
  const v1::Outlier* c1 = Find(out, "C1");
  ASSERT_NE(c1, nullptr);
  // Median 100, MAD 1: 0.6745 × 200 / 1.
  EXPECT_DOUBLE_EQ(c1->median(), 100);
  EXPECT_NEAR(c1->score(), 0.6745 * 200, 1e-9);
  EXPECT_EQ(c1->history_months(), 12);
  EXPECT_EQ(Find(out, "C2"), nullptr);
  // The district holds both communes: 200 a month, then 405.
  EXPECT_NE(Find(out, "D1"), nullptr);
  // The root itself is not judged.
  EXPECT_EQ(Find(out, "P"), nullptr);
}

TEST(UnitOutliersTest, ASteadyHistoryListsOnlyAChangeThatMatters) {
  Counts small, large;
  Receive(&small, "C1",
          {100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 104});
  Receive(&large, "C1",
          {100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 150});
  const absl::CivilMonth october(2024, 10);
  EXPECT_EQ(Find(FindOutliers(*Tree(), Definitions(), "P", october, small, 3.5),
                 "C1"),
            nullptr);
  const auto out =
      FindOutliers(*Tree(), Definitions(), "P", october, large, 3.5);
  const v1::Outlier* c1 = Find(out, "C1");
  ASSERT_NE(c1, nullptr);
  EXPECT_GT(c1->score(), 1e8);
}

TEST(UnitOutliersTest, EmptyMonthsCountAsNoneReceivedWhileTheUnitExists) {
  // No counters before August (the store keeps none of an empty month).
  Counts counts;
  for (int64_t month : {202408, 202409, 202410}) {
    counts[{"C1", month}].Add(v1::SERVICE_LEVEL_NONE, v1::CHANNEL_DIRECT, 0,
                              v1::DOSSIER_STATUS_PENDING,
                              month == 202410 ? 900 : 100);
  }
  const absl::CivilMonth october(2024, 10);
  // C1 existed all year: ten empty months and two of 100, then 900.
  const v1::Outlier* c1 = Find(
      FindOutliers(*Tree(), Definitions(), "P", october, counts, 3.5), "C1");
  ASSERT_NE(c1, nullptr);
  EXPECT_EQ(c1->history_months(), 12);
  EXPECT_DOUBLE_EQ(c1->median(), 0);
  // A C1 that began in August has two months of history: not judged.
  const auto young = testing::TreeFromCsv(
      "code,name,level,parent_code,valid_from,valid_to\n"
      "P,Province,province,,,\n"
      "D1,District 1,district,P,,\n"
      "C1,Commune 1,commune,D1,2024-08-01,\n");
  EXPECT_EQ(Find(FindOutliers(*young, Definitions(), "P", october, counts, 3.5),
                 "C1"),
            nullptr);
}

}  // namespace
}  // namespace dtr::stats
