#include "services/security/gap_rules.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace dtr::security {
namespace {

constexpr char kCatalogue[] = R"json({
  "approval_valid_years": 3,
  "default_review_days": 365,
  "controls": [
    {"control_id": "A", "group": "management", "subgroup": "policy",
     "title": "Policy", "min_level": 1},
    {"control_id": "B", "group": "technical", "subgroup": "server",
     "title": "Patches", "min_level": 1, "review_days": 90},
    {"control_id": "C", "group": "technical", "subgroup": "network",
     "title": "IDS", "min_level": 3}
  ]})json";

std::shared_ptr<const ControlCatalogue> Catalogue() {
  auto c = ControlCatalogue::Parse(kCatalogue);
  EXPECT_TRUE(c.ok()) << c.status();
  return *c;
}

v1::InformationSystem System(int level, v1::DossierStatus status,
                             const std::string& decided = "2023-01-10") {
  v1::InformationSystem s;
  s.set_system_id("S");
  s.set_security_level(level);
  s.mutable_dossier()->set_status(status);
  s.mutable_dossier()->set_decision_date(decided);
  return s;
}

v1::SystemControl Control(const std::string& id, v1::ControlState state,
                          const std::string& checked) {
  v1::SystemControl c;
  c.set_control_id(id);
  c.set_state(state);
  c.set_checked_at(checked);
  return c;
}

std::vector<std::string> Describe(const std::vector<v1::Gap>& gaps) {
  std::vector<std::string> out;
  for (const v1::Gap& g : gaps) {
    out.push_back(absl::StrCat(v1::Gap::Kind_Name(g.kind()), ":",
                               g.control_id(), ":", g.detail()));
  }
  return out;
}

const absl::CivilDay kOct31(2023, 10, 31);

TEST(GapRulesTest, ACompliantSystemHasNone) {
  auto catalogue = Catalogue();
  auto a = Control("A", v1::CONTROL_STATE_IMPLEMENTED, "2023-06-01");
  auto b = Control("B", v1::CONTROL_STATE_IMPLEMENTED, "2023-10-01");
  EXPECT_TRUE(FindGaps(*catalogue, System(2, v1::DOSSIER_STATUS_APPROVED),
                       {{"A", &a}, {"B", &b}}, kOct31)
                  .empty());
}

TEST(GapRulesTest, OnlyTheControlsOfTheLevelCount) {
  auto catalogue = Catalogue();
  auto a = Control("A", v1::CONTROL_STATE_IMPLEMENTED, "2023-06-01");
  auto b = Control("B", v1::CONTROL_STATE_NOT_APPLICABLE, "");
  // Level 3 also needs C, never recorded.
  EXPECT_EQ(
      Describe(FindGaps(*catalogue, System(3, v1::DOSSIER_STATUS_APPROVED),
                        {{"A", &a}, {"B", &b}}, kOct31)),
      (std::vector<std::string>{
          "KIND_CONTROL:C:chưa ghi nhận tình trạng triển khai"}));
}

TEST(GapRulesTest, PartialMissingAndOldEvidence) {
  auto catalogue = Catalogue();
  auto a = Control("A", v1::CONTROL_STATE_PARTIAL, "2023-06-01");
  auto b = Control("B", v1::CONTROL_STATE_IMPLEMENTED, "2023-07-01");  // >90d
  EXPECT_EQ(
      Describe(FindGaps(*catalogue, System(1, v1::DOSSIER_STATUS_APPROVED),
                        {{"A", &a}, {"B", &b}}, kOct31)),
      (std::vector<std::string>{
          "KIND_CONTROL:A:mới triển khai một phần",
          "KIND_EVIDENCE:B:kiểm tra lần cuối ngày 01/07/2023, quá thời hạn "
          "rà soát 90 ngày"}));
  auto unchecked = Control("B", v1::CONTROL_STATE_IMPLEMENTED, "");
  auto missing = Control("A", v1::CONTROL_STATE_MISSING, "");
  EXPECT_EQ(
      Describe(FindGaps(*catalogue, System(1, v1::DOSSIER_STATUS_APPROVED),
                        {{"A", &missing}, {"B", &unchecked}}, kOct31)),
      (std::vector<std::string>{"KIND_CONTROL:A:chưa triển khai",
                                "KIND_EVIDENCE:B:đã triển khai, chưa có ngày "
                                "kiểm tra"}));
}

TEST(GapRulesTest, AnApprovalMustExistAndBeCurrent) {
  auto catalogue = Catalogue();
  auto a = Control("A", v1::CONTROL_STATE_IMPLEMENTED, "2023-06-01");
  auto b = Control("B", v1::CONTROL_STATE_IMPLEMENTED, "2023-10-01");
  const ControlsById controls = {{"A", &a}, {"B", &b}};
  EXPECT_EQ(
      Describe(FindGaps(*catalogue, System(1, v1::DOSSIER_STATUS_SUBMITTED),
                        controls, kOct31)),
      (std::vector<std::string>{
          "KIND_APPROVAL::hồ sơ đã trình, chưa được phê duyệt"}));
  // Approved on 2020-10-31, valid three years: expired on 2023-10-31.
  EXPECT_EQ(
      Describe(FindGaps(*catalogue,
                        System(1, v1::DOSSIER_STATUS_APPROVED, "2020-10-31"),
                        controls, kOct31)),
      (std::vector<std::string>{
          "KIND_APPROVAL::phê duyệt ngày 31/10/2020 đã hết hiệu lực từ ngày "
          "31/10/2023"}));
  EXPECT_TRUE(FindGaps(*catalogue,
                       System(1, v1::DOSSIER_STATUS_APPROVED, "2020-11-01"),
                       controls, kOct31)
                  .empty());
}

TEST(ControlCatalogueTest, RefusesMalformedCatalogues) {
  EXPECT_FALSE(ControlCatalogue::Parse("{}").ok());
  EXPECT_FALSE(ControlCatalogue::Parse("not json").ok());
  absl::Status twice = ControlCatalogue::Parse(
                           R"({"controls": [
                {"control_id": "A", "group": "technical", "subgroup": "x",
                 "title": "t", "min_level": 1},
                {"control_id": "A", "group": "technical", "subgroup": "x",
                 "title": "t", "min_level": 2}]})")
                           .status();
  EXPECT_NE(twice.message().find("controls[1]: control_id A appears twice"),
            std::string::npos)
      << twice;
  absl::Status level = ControlCatalogue::Parse(R"({"controls": [
                {"control_id": "A", "group": "technical", "subgroup": "x",
                 "title": "t", "min_level": 6}]})")
                           .status();
  EXPECT_NE(level.message().find("min_level"), std::string::npos);
}

TEST(ControlCatalogueTest, TheShippedCatalogueLoads) {
  auto catalogues = LoadControlCatalogues(
      DTR_SOURCE_DIR "/services/security/data/controls.json");
  ASSERT_TRUE(catalogues.ok()) << catalogues.status();
  // Every version names its legal text; one is in force on every day from
  // the first, today included.
  const auto& versions = (*catalogues)->versions();
  ASSERT_GE(versions.size(), 2u);
  for (const auto& version : versions) {
    EXPECT_FALSE(version.meta.legal_basis().number().empty());
    const ControlCatalogue& catalogue = *version.value;
    EXPECT_GT(catalogue.RequiredFor(3).size(), catalogue.RequiredFor(1).size());
    for (int level = 1; level <= 5; ++level) {
      for (const v1::Control* c : catalogue.RequiredFor(level)) {
        EXPECT_LE(c->min_level(), level);
      }
    }
  }
  EXPECT_FALSE(versions.back().valid_to.has_value());
  EXPECT_NE((*catalogues)->At(absl::CivilDay(2023, 10, 31)), nullptr);
  EXPECT_EQ((*catalogues)
                ->At(absl::CivilDay(2023, 10, 31))
                ->meta.legal_basis()
                .number(),
            "12/2022/TT-BTTTT");
  EXPECT_EQ((*catalogues)->At(versions.front().valid_from - 1), nullptr);
}

}  // namespace
}  // namespace dtr::security
