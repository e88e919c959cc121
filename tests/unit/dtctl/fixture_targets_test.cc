#include "tools/dtctl/fixture_targets.h"

#include <cstdlib>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tools/dtctl/sample_month.h"

namespace dtr::dtctl {
namespace {

using nlohmann::json;

json BuiltIn() {
  absl::string_view text = BuiltInFixture();
  return json::parse(text.begin(), text.end());
}

absl::Status ParseError(const json& fixture) {
  return ParseFixtureTargets(fixture.dump()).status();
}

TEST(FixtureTargetsTest, ReadsTheBuiltInFixture) {
  const json fixture = BuiltIn();
  auto t = ParseFixtureTargets(BuiltInFixture());
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->province_code, fixture["province"]["code"]);
  EXPECT_EQ(t->levels.size(), 3u);
  EXPECT_EQ(t->district_names.size(),
            fixture["org_units"]["district_level_units"].size());
  const std::string commune = fixture["org_units"]["levels"][2];
  EXPECT_EQ(
      t->dossiers.at(commune).finished,
      fixture["public_services"]["digitization"]["implied_denominator"][commune]
          .get<int64_t>());
  // Millions of đồng with three decimals, as whole đồng.
  EXPECT_EQ(t->amount_vnd % 1000, 0);
  EXPECT_NEAR(static_cast<double>(t->amount_vnd) / 1e6,
              fixture["public_services"]["online_payment"]["amount_million_vnd"]
                  .get<double>(),
              1e-6);
}

TEST(FixtureTargetsTest, NamesWhatIsMissingOrMalformed) {
  json fixture = BuiltIn();
  fixture["public_services"]["online_submission"].erase("numerator");
  EXPECT_NE(ParseError(fixture).message().find(
                "missing public_services.online_submission.numerator"),
            std::string::npos);

  fixture = BuiltIn();
  fixture["org_units"]["levels"][1] = 7;
  EXPECT_NE(ParseError(fixture).message().find("levels must be names"),
            std::string::npos);

  fixture = BuiltIn();
  fixture["public_services"]["online_payment"]["window"]["to"] = "2024-01-01";
  EXPECT_NE(ParseError(fixture).message().find("within the period"),
            std::string::npos);

  EXPECT_NE(ParseFixtureTargets("{not json").status().message().find("JSON"),
            std::string::npos);
}

TEST(SampleMonthTest, RefusesTargetsNoRecordsCanReproduce) {
  const std::string dir = ::testing::TempDir() + "/infeasible";
  auto t = ParseFixtureTargets(BuiltInFixture());
  ASSERT_TRUE(t.ok());

  FixtureTargets amount = *t;
  amount.amount_vnd = amount.successful_transactions * 1000;  // 1,000 đ each
  EXPECT_NE(
      WriteSampleMonth(amount, dir).status().message().find("outside the fees"),
      std::string::npos);

  FixtureTargets online = *t;
  LevelTargets& province = online.dossiers.at(online.levels[0]);
  province.online_numerator = province.online_denominator + 1;
  EXPECT_NE(WriteSampleMonth(online, dir)
                .status()
                .message()
                .find("online numerator above its denominator"),
            std::string::npos);

  FixtureTargets paying = *t;
  paying.units_with_payments = 0;
  EXPECT_FALSE(WriteSampleMonth(paying, dir).ok());
}

}  // namespace
}  // namespace dtr::dtctl
