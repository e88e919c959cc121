#include "services/report/contribution_expectations.h"

#include "gtest/gtest.h"
#include "services/report/contribution_assembly.h"
#include "services/report/contribution_defaults.h"
#include "tests/unit/test_fixtures.h"

namespace dtr::report {
namespace {

std::shared_ptr<const UnitTree> Tree() {
  return testing::TreeFromCsv(
      "code,name,level,parent_code,valid_from,valid_to\n"
      "P,Province,province,,,\n"
      "D1,District 1,district,P,,\n"
      "C1,Commune 1,commune,D1,,\n"
      "A1,Agency 1,province,P,,\n"
      "D2,District 2,district,P,,\n");
}

v1::ContributionRequest Asked(const std::string& unit,
                              const std::string& section,
                              const std::string& deadline) {
  v1::ContributionRequest r;
  r.set_unit_code(unit);
  r.set_period("2024-02");
  r.set_section(section);
  r.set_deadline(deadline);
  return r;
}

TEST(ContributionExpectationsTest, DefaultsAskEachLevelByTheirDayClamped) {
  auto defaults = ContributionDefaults::Parse(R"({"versions": [
      {"from": "2024-01", "deadline_day": 31,
       "sections": [{"section": "data", "levels": ["province", "district"]}]}
      ]})");
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  const auto tree = Tree();
  const absl::CivilMonth february(2024, 2);
  const std::vector<v1::ContributionRequest> expected =
      ExpectedContributions(february, {Asked("D2", "data", "2024-02-10")},
                            (*defaults)->For(february), tree.get());
  // Agencies, then districts; the province itself is not asked.
  ASSERT_EQ(expected.size(), 3u);
  EXPECT_EQ(expected[0].unit_code(), "A1");
  EXPECT_EQ(expected[0].deadline(), "2024-02-29");  // the 31st, clamped
  EXPECT_TRUE(expected[0].by_default());
  EXPECT_EQ(expected[1].unit_code(), "D1");
  EXPECT_EQ(expected[2].unit_code(), "D2");
  EXPECT_EQ(expected[2].deadline(), "2024-02-10");  // asked: replaces
  EXPECT_FALSE(expected[2].by_default());
  EXPECT_EQ(expected[2].level(), "district");
  // Before the first version, nothing.
  EXPECT_EQ((*defaults)->For(absl::CivilMonth(2023, 12)), nullptr);
}

TEST(ContributionExpectationsTest, ADefaultsFileNamesWhatIsWrong) {
  auto bad = ContributionDefaults::Parse(R"({"versions": [
      {"from": "2024-01", "sections": [{"section": "nowhere",
                                        "levels": ["district"]}]}]})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("versions[0].sections[0].section"),
            std::string::npos)
      << bad.status();
  bad = ContributionDefaults::Parse(R"({"versions": [
      {"from": "2024-03", "sections": []},
      {"from": "2024-01", "sections": []}]})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("versions[1].from"), std::string::npos)
      << bad.status();
}

TEST(ContributionExpectationsTest, OnTimeIsBeforeTheDeadlineDayEndsInVietnam) {
  const auto tree = Tree();
  const std::vector<v1::ContributionRequest> expected = {
      Asked("A1", "data", "2024-02-20"), Asked("D1", "data", "2024-02-20"),
      Asked("D2", "data", "2024-02-20")};
  std::vector<ContributionProgress> progress(2);
  // 23:59 on the 20th in Vietnam (16:59 UTC): on time; 00:01 on the 21st:
  // late, and since accepted.
  progress[0] = {"A1", "data", v1::CONTRIBUTION_STATE_SUBMITTED,
                 "2024-02-20T16:59:00Z"};
  progress[1] = {"D1", "data", v1::CONTRIBUTION_STATE_ACCEPTED,
                 "2024-02-20T17:01:00Z"};
  const v1::ContributionStatus status =
      ReportingStatus("2024-02",
                      ExpectedContributions(absl::CivilMonth(2024, 2), expected,
                                            nullptr, tree.get()),
                      progress, tree.get(), absl::Now());
  EXPECT_EQ(status.total().expected(), 3);
  EXPECT_EQ(status.total().submitted(), 2);
  EXPECT_EQ(status.total().on_time(), 1);
  EXPECT_EQ(status.total().accepted(), 1);
  ASSERT_EQ(status.total().late_size(), 1);
  EXPECT_EQ(status.total().late(0).unit_code(), "D1");
  ASSERT_EQ(status.total().missing_size(), 1);
  EXPECT_EQ(status.total().missing(0).unit_code(), "D2");
  // Per level, from the top of the tree.
  ASSERT_EQ(status.levels_size(), 2);
  EXPECT_EQ(status.levels(0).level(), "province");
  EXPECT_EQ(status.levels(0).rates().on_time(), 1);
  EXPECT_EQ(status.levels(1).level(), "district");
  EXPECT_EQ(status.levels(1).rates().expected(), 2);
}

TEST(ContributionExpectationsTest, EachTextIsLedByItsUnitsName) {
  EXPECT_EQ(LedByUnitName("Sở Tài chính", "triển khai CSDL về giá.\n"),
            "**Sở Tài chính:** triển khai CSDL về giá.");
  EXPECT_EQ(LedByUnitName("Sở Y tế", "- Một.\n- Hai."),
            "**Sở Y tế:**\n\n- Một.\n- Hai.");
  EXPECT_EQ(LedByUnitName("Sở Y tế", "2. Hai."), "**Sở Y tế:**\n\n2. Hai.");
  EXPECT_EQ(LedByUnitName("Sở Y tế", "100% cơ sở."),
            "**Sở Y tế:** 100% cơ sở.");
}

}  // namespace
}  // namespace dtr::report
