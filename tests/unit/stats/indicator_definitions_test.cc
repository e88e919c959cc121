#include "services/stats/indicator_definitions.h"

#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/stats/dossier_list.h"
#include "services/stats/indicator_rules.h"

namespace dtr::stats {
namespace {

using nlohmann::json;

// The shipped definitions' content, as JSON to edit.
json ShippedRates() {
  json file = json::parse(std::string(BuiltInIndicators()));
  return file["versions"].back()["rates"];
}

absl::StatusOr<std::shared_ptr<const IndicatorDefinitions>> WithRates(
    const json& rates) {
  return IndicatorDefinitions::Parse(json{{"rates", rates}}.dump());
}

TEST(IndicatorDefinitionsTest, TheBuiltInCopyIsTheShippedFile) {
  std::ifstream in(DTR_SOURCE_DIR "/services/stats/data/indicators.json");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), std::string(BuiltInIndicators()));
  auto versions = ParseIndicatorVersions(text.str());
  ASSERT_TRUE(versions.ok()) << versions.status();
  for (const auto& v : (*versions)->versions()) {
    EXPECT_FALSE(v.meta.legal_basis().number().empty());
  }
  EXPECT_FALSE((*versions)->versions().back().valid_to.has_value());
}

// A formula changed: returned dossiers count as finished late. The same
// counts give the new rate, and the list's SQL selects the same dossiers.
TEST(IndicatorDefinitionsTest, AChangedFormulaCountsOtherCells) {
  json rates = ShippedRates();
  rates["on_time"]["denominator"]["status"] = {"done_on_time", "done_late",
                                               "returned"};
  auto changed = WithRates(rates);
  auto shipped = WithRates(ShippedRates());
  ASSERT_TRUE(changed.ok()) << changed.status();
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  DossierCounts d;
  d.Add(v1::SERVICE_LEVEL_FULL, v1::CHANNEL_ONLINE, 1,
        v1::DOSSIER_STATUS_DONE_ON_TIME, 30);
  d.Add(v1::SERVICE_LEVEL_FULL, v1::CHANNEL_DIRECT, 0,
        v1::DOSSIER_STATUS_DONE_LATE, 10);
  d.Add(v1::SERVICE_LEVEL_FULL, v1::CHANNEL_DIRECT, 0,
        v1::DOSSIER_STATUS_RETURNED, 20);
  v1::IndicatorSet before, after;
  (*shipped)->Fill(d, PaymentCounts(), &before);
  (*changed)->Fill(d, PaymentCounts(), &after);
  EXPECT_EQ(before.on_time().numerator(), 30);
  EXPECT_EQ(before.on_time().denominator(), 40);
  EXPECT_EQ(after.on_time().numerator(), 30);
  EXPECT_EQ(after.on_time().denominator(), 60);
  // The other rates are as they were.
  EXPECT_EQ(after.digitization().denominator(),
            before.digitization().denominator());
  EXPECT_NE((*changed)->fingerprint(), (*shipped)->fingerprint());

  auto rest = FigureCondition(**changed, "on_time", v1::FIGURE_PART_REST);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(*rest,
            "(status IN ('done_on_time', 'done_late', 'returned')) AND NOT "
            "(status IN ('done_on_time'))");
  auto reuse =
      FigureCondition(**shipped, "result_reuse", v1::FIGURE_PART_DENOMINATOR);
  ASSERT_TRUE(reuse.ok());
  EXPECT_EQ(*reuse, "(results_reused IN (1, 0))");
  EXPECT_EQ(
      FigureCondition(**shipped, "speed", v1::FIGURE_PART_REST).status().code(),
      absl::StatusCode::kInvalidArgument);
}

void ExpectRefused(const json& rates, const std::string& names) {
  auto parsed = WithRates(rates);
  ASSERT_FALSE(parsed.ok()) << names;
  EXPECT_NE(parsed.status().message().find(names), std::string::npos)
      << parsed.status().message();
}

TEST(IndicatorDefinitionsTest, BadDefinitionsAreRefusedNamingTheEntry) {
  json rates = ShippedRates();
  rates.erase("on_time");
  ExpectRefused(rates, "indicators: rates.on_time: is required");

  rates = ShippedRates();
  rates["speed"] = rates["on_time"];
  ExpectRefused(rates, "rates.speed: not a rate of dossiers");

  rates = ShippedRates();
  rates["on_time"]["numerator"] = {{"colour", {"red"}}};
  ExpectRefused(rates, "rates.on_time.numerator.colour: unknown field");

  rates = ShippedRates();
  rates["on_time"]["numerator"]["status"] = {"finished"};
  ExpectRefused(rates, "rates.on_time.numerator.status: unknown value");

  rates = ShippedRates();
  rates["result_reuse"]["denominator"]["channel"] = {"online"};
  ExpectRefused(rates,
                "rates.result_reuse.denominator: results_reused cannot be "
                "combined");

  rates = ShippedRates();
  rates["on_time"]["numerator"] = {{"results_reused", {true}}};
  ExpectRefused(rates, "rates.on_time: the numerator and the denominator");

  rates = ShippedRates();
  rates["digitization"]["numerator"]["digitized"] = {"yes"};
  ExpectRefused(rates,
                "rates.digitization.numerator.digitized: expected "
                "true or false");
}

}  // namespace
}  // namespace dtr::stats
