#include "services/stats/indicators.h"

#include "gtest/gtest.h"
#include "services/stats/indicator_query.h"
#include "services/stats/indicator_rules.h"

namespace dtr::stats {
namespace {

// The shipped definitions (services/stats/data/indicators.json, built in),
// as in force in 2023.
const IndicatorVersions::Version& Shipped() {
  static const auto* rules = new IndicatorRules();
  return *rules->Get()->At(absl::CivilDay(2023, 10, 31));
}

void FillIndicatorSet(const DossierCounts& d, const PaymentCounts& p,
                      v1::IndicatorSet* out) {
  Shipped().value->Fill(d, p, out);
}

constexpr int kFull = v1::SERVICE_LEVEL_FULL;
constexpr int kPartial = v1::SERVICE_LEVEL_PARTIAL;
constexpr int kNone = v1::SERVICE_LEVEL_NONE;
constexpr int kOnline = v1::CHANNEL_ONLINE;
constexpr int kDirect = v1::CHANNEL_DIRECT;
constexpr int kPostal = v1::CHANNEL_POSTAL;
constexpr int kPending = v1::DOSSIER_STATUS_PENDING;
constexpr int kOnTime = v1::DOSSIER_STATUS_DONE_ON_TIME;
constexpr int kLate = v1::DOSSIER_STATUS_DONE_LATE;
constexpr int kReturned = v1::DOSSIER_STATUS_RETURNED;

TEST(IndicatorsTest, RatesFollowTheirDefinitions) {
  DossierCounts d;
  d.Add(kFull, kOnline, 1, kOnTime, 30);     // full, online, digitized
  d.Add(kFull, kDirect, 0, kLate, 10);       // full, offline
  d.Add(kPartial, kOnline, 0, kOnTime, 20);  // partial, online
  d.Add(kPartial, kPostal, 1, kPending, 15);
  d.Add(kNone, kDirect, 0, kReturned, 25);  // not an online service
  v1::IndicatorSet set;
  FillIndicatorSet(d, PaymentCounts{}, &set);

  EXPECT_EQ(set.dossiers_received(), 100);
  // Online submission: online among full + partial.
  EXPECT_EQ(set.online_submission().numerator(), 50);
  EXPECT_EQ(set.online_submission().denominator(), 75);
  EXPECT_DOUBLE_EQ(set.online_submission().ratio(), 50.0 / 75.0);
  // Full-process: online among full.
  EXPECT_EQ(set.full_process_online().numerator(), 30);
  EXPECT_EQ(set.full_process_online().denominator(), 40);
  // Digitization: digitized among finished; the pending digitized one does
  // not count.
  EXPECT_EQ(set.digitization().numerator(), 30);
  EXPECT_EQ(set.digitization().denominator(), 60);
  // On time among finished.
  EXPECT_EQ(set.on_time().numerator(), 50);
  EXPECT_EQ(set.on_time().denominator(), 60);
}

TEST(IndicatorsTest, RecordedAttributesCountOnlyWhereKnown) {
  DossierCounts d;
  d.Add(kFull, kOnline, 1, kOnTime, 100);
  constexpr int kRecorded = DossierCounts::kRecordedServiceLevel;
  d.Add(kRecorded, kComponentsDigitized, 1, 0, 30);
  d.Add(kRecorded, kComponentsDigitized, 0, 0, 10);
  d.Add(kRecorded, kResultsReused, 1, 0, 5);
  DossierCounts other;
  other.Add(kRecorded, kResultsReused, 0, 0, 15);
  d.Merge(other);
  v1::IndicatorSet set;
  FillIndicatorSet(d, PaymentCounts{}, &set);
  // Of 100 received, 40 say whether their components were digitized and
  // 20 whether results were reused; the other dossiers are in neither part.
  EXPECT_EQ(set.dossiers_received(), 100);
  EXPECT_EQ(set.component_digitization().numerator(), 30);
  EXPECT_EQ(set.component_digitization().denominator(), 40);
  EXPECT_EQ(set.result_reuse().numerator(), 5);
  EXPECT_EQ(set.result_reuse().denominator(), 20);
  // Nothing recorded: no rate, not 0 %.
  v1::IndicatorSet none;
  FillIndicatorSet(DossierCounts{}, PaymentCounts{}, &none);
  EXPECT_FALSE(none.component_digitization().has_ratio());
  EXPECT_FALSE(none.result_reuse().has_ratio());
}

TEST(IndicatorsTest, RatioIsAbsentWithoutDenominator) {
  v1::IndicatorSet set;
  FillIndicatorSet(DossierCounts{}, PaymentCounts{}, &set);
  EXPECT_EQ(set.dossiers_received(), 0);
  EXPECT_EQ(set.online_submission().denominator(), 0);
  EXPECT_FALSE(set.online_submission().has_ratio());
  EXPECT_FALSE(set.digitization().has_ratio());

  common::v1::Ratio ratio;
  FillRatio(0, 7, &ratio);
  EXPECT_TRUE(ratio.has_ratio());
  EXPECT_EQ(ratio.ratio(), 0.0);
}

TEST(IndicatorsTest, MergingAddsCountsAndUnitesPayingUnits) {
  DossierCounts a, b;
  a.Add(kFull, kOnline, 0, kOnTime, 2);
  b.Add(kFull, kOnline, 0, kOnTime, 3);
  b.Add(kNone, kDirect, 0, kPending, 4);
  a.Merge(b);
  EXPECT_EQ(a.Total(), 9);

  PaymentCounts p, q;
  p.successful = 2;
  p.amount_vnd = 30000;
  p.paying_units = {"HT-D01", "HT-D02"};
  q.successful = 1;
  q.amount_vnd = 10000;
  q.paying_units = {"HT-D02"};
  p.Merge(q);
  v1::IndicatorSet set;
  FillIndicatorSet(DossierCounts{}, p, &set);
  EXPECT_EQ(set.payments().successful_transactions(), 3);
  EXPECT_EQ(set.payments().amount_vnd(), 40000);
  // A unit paying in two places is one paying unit.
  EXPECT_EQ(set.payments().units_with_payments(), 2);
}

TEST(IndicatorsTest, OutOfRangeDimensionsAreIgnored) {
  DossierCounts d;
  d.Add(99, kOnline, 0, kOnTime, 5);
  d.Add(kFull, kOnline, 2, kOnTime, 5);
  // A recorded attribute this binary does not know, or with a status.
  d.Add(DossierCounts::kRecordedServiceLevel, 5, 1, 0, 5);
  d.Add(DossierCounts::kRecordedServiceLevel, kResultsReused, 1, 3, 5);
  EXPECT_EQ(d.Total(), 0);
  EXPECT_EQ(d.recorded[kResultsReused][1], 0);
}

TEST(IndicatorsCacheKeyTest, KeyNamesEverythingTheAnswerDependsOn) {
  const DayRange ytd{absl::CivilDay(2023, 1, 1), absl::CivilDay(2023, 10, 31)};
  const DayRange window{absl::CivilDay(2023, 1, 1),
                        absl::CivilDay(2023, 10, 24)};
  const IndicatorVersions::Version& shipped = Shipped();
  IndicatorVersions::Version other = shipped;
  other.meta.set_fingerprint("0123456789abcdef");
  const std::string key = IndicatorsCacheKey("HT", ytd, 0xabc, shipped);
  EXPECT_EQ(key, "indicators:v3:HT:2023-01-01:2023-10-31:0000000000000abc:" +
                     shipped.meta.fingerprint());
  EXPECT_NE(key, IndicatorsCacheKey("HT-D01", ytd, 0xabc, shipped));
  EXPECT_NE(key, IndicatorsCacheKey("HT", window, 0xabc, shipped));
  EXPECT_NE(key, IndicatorsCacheKey("HT", ytd, 0xabd, shipped));
  EXPECT_NE(key, IndicatorsCacheKey("HT", ytd, 0xabc, other));
}

}  // namespace
}  // namespace dtr::stats
