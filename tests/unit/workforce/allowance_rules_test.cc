// The shipped allowance rules across their dates and absences, and the
// checks of a rules file.
#include "services/workforce/allowance_rules.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace dtr::workforce {
namespace {

constexpr char kRulesFile[] =
    DTR_SOURCE_DIR "/services/workforce/data/allowance_rules.json";

std::shared_ptr<const AllowanceRules> ShippedRules() {
  auto rules = AllowanceRules::LoadFile(kRulesFile);
  EXPECT_TRUE(rules.ok()) << rules.status();
  return rules.ok() ? *rules : nullptr;
}

v1::Staff Officer(const std::string& position = "it_officer",
                  v1::Field field = v1::FIELD_IT,
                  v1::Role role = v1::ROLE_DEDICATED) {
  v1::Staff s;
  s.set_staff_id("NS-1");
  s.set_position(position);
  s.set_role(role);
  s.set_field(field);
  s.set_qualification(v1::QUALIFICATION_BACHELOR);
  s.set_start_date("2015-03-01");
  return s;
}

v1::Absence Away(const std::string& from, const std::string& to,
                 v1::AbsenceKind kind = v1::ABSENCE_KIND_SICK_LEAVE) {
  v1::Absence a;
  a.set_absence_id("AB-1");
  a.set_staff_id("NS-1");
  a.set_kind(kind);
  a.set_start_date(from);
  a.set_end_date(to);
  return a;
}

absl::CivilMonth Month(int year, int month) {
  return absl::CivilMonth(year, month);
}

// The ids of the rules in force, in file order.
std::vector<std::string> RuleIds(const v1::Eligibility& e) {
  std::vector<std::string> ids;
  for (const v1::RuleVerdict& r : e.rules()) ids.push_back(r.rule_id());
  return ids;
}

// The requirements a verdict found unmet.
std::vector<std::string> Failed(const v1::RuleVerdict& verdict) {
  std::vector<std::string> failed;
  for (const v1::Condition& c : verdict.conditions()) {
    if (!c.met()) failed.push_back(c.requirement());
  }
  return failed;
}

TEST(AllowanceRulesTest, ShipsTheProvincialAndTheNationalRule) {
  auto rules = ShippedRules();
  ASSERT_NE(rules, nullptr);
  ASSERT_EQ(rules->rules().size(), 2u);
  EXPECT_EQ(rules->rules()[0].rule_id, "HT-NQ93-2014");
  EXPECT_TRUE(absl::StrContains(rules->rules()[0].legal_basis, "93/2014"));
  EXPECT_EQ(rules->rules()[1].rule_id, "ND179-2025");
  EXPECT_TRUE(absl::StrContains(rules->rules()[1].legal_basis, "179/2025"));
  EXPECT_EQ(rules->rules()[1].valid_from, absl::CivilDay(2025, 8, 15));
  for (const char* position :
       {"it_officer", "commune_it_officer", "security_officer",
        "cybersecurity_officer", "it_center_staff", "concurrent_it"}) {
    EXPECT_TRUE(rules->HasPosition(position)) << position;
  }
}

TEST(AllowanceRulesTest, ProvincialRuleGrantsAnITOfficerIn2023) {
  auto rules = ShippedRules();
  ASSERT_NE(rules, nullptr);
  const v1::Eligibility e = rules->Evaluate(Officer(), {}, Month(2023, 10));
  EXPECT_TRUE(e.eligible());
  EXPECT_EQ(e.month(), "2023-10");
  ASSERT_EQ(RuleIds(e), std::vector<std::string>{"HT-NQ93-2014"});
  EXPECT_TRUE(e.rules(0).eligible());
  EXPECT_TRUE(Failed(e.rules(0)).empty());
  EXPECT_GE(e.rules(0).conditions_size(), 5);
}

TEST(AllowanceRulesTest, RulesChangeOnTheFifteenthOfAugust2025) {
  auto rules = ShippedRules();
  ASSERT_NE(rules, nullptr);
  EXPECT_EQ(RuleIds(rules->Evaluate(Officer(), {}, Month(2025, 7))),
            std::vector<std::string>{"HT-NQ93-2014"});
  // Both apply to part of August 2025.
  EXPECT_EQ(RuleIds(rules->Evaluate(Officer(), {}, Month(2025, 8))),
            (std::vector<std::string>{"HT-NQ93-2014", "ND179-2025"}));
  EXPECT_EQ(RuleIds(rules->Evaluate(Officer(), {}, Month(2025, 9))),
            std::vector<std::string>{"ND179-2025"});
  // Before the provincial resolution, no regime at all.
  const v1::Eligibility before = rules->Evaluate(Officer(), {}, Month(2014, 7));
  EXPECT_FALSE(before.eligible());
  EXPECT_TRUE(before.rules().empty());
}

TEST(AllowanceRulesTest, FieldMattersOnlyUnderTheProvincialRule) {
  auto rules = ShippedRules();
  ASSERT_NE(rules, nullptr);
  const v1::Staff economist = Officer("it_officer", v1::FIELD_OTHER);
  const v1::Eligibility in2023 =
      rules->Evaluate(economist, {}, Month(2023, 10));
  EXPECT_FALSE(in2023.eligible());
  ASSERT_EQ(in2023.rules_size(), 1);
  EXPECT_EQ(Failed(in2023.rules(0)),
            std::vector<std::string>{"qualification field is it"});
  bool finding_named = false;
  for (const v1::Condition& c : in2023.rules(0).conditions()) {
    finding_named |= c.finding() == "qualification field is other";
  }
  EXPECT_TRUE(finding_named);
  EXPECT_TRUE(rules->Evaluate(economist, {}, Month(2025, 9)).eligible());
}

TEST(AllowanceRulesTest, CybersecurityPositionsQualifyFromDecree179) {
  auto rules = ShippedRules();
  ASSERT_NE(rules, nullptr);
  const v1::Staff officer = Officer("cybersecurity_officer", v1::FIELD_OTHER);
  const v1::Eligibility in2024 = rules->Evaluate(officer, {}, Month(2024, 5));
  EXPECT_FALSE(in2024.eligible());
  ASSERT_EQ(in2024.rules_size(), 1);
  const std::vector<std::string> failed = Failed(in2024.rules(0));
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_TRUE(absl::StartsWith(failed[0], "position is "));
  EXPECT_TRUE(rules->Evaluate(officer, {}, Month(2025, 10)).eligible());
}

TEST(AllowanceRulesTest, ConcurrentStaffAndOtherPositionsNeverQualify) {
  auto rules = ShippedRules();
  ASSERT_NE(rules, nullptr);
  for (absl::CivilMonth month : {Month(2023, 10), Month(2025, 10)}) {
    const v1::Eligibility concurrent = rules->Evaluate(
        Officer("it_officer", v1::FIELD_IT, v1::ROLE_CONCURRENT), {}, month);
    EXPECT_FALSE(concurrent.eligible()) << month;
    EXPECT_EQ(Failed(concurrent.rules(0)),
              std::vector<std::string>{"role is dedicated"});
    const v1::Eligibility centre =
        rules->Evaluate(Officer("it_center_staff"), {}, month);
    EXPECT_FALSE(centre.eligible()) << month;
    ASSERT_EQ(Failed(centre.rules(0)).size(), 1u);
    EXPECT_TRUE(absl::StartsWith(Failed(centre.rules(0))[0], "position is "));
  }
}

TEST(AllowanceRulesTest, AMonthOfAbsenceExcludesTheMonthsItTouches) {
  auto rules = ShippedRules();
  ASSERT_NE(rules, nullptr);
  for (absl::CivilMonth month : {Month(2023, 10), Month(2025, 10)}) {
    const std::string ym = absl::StrCat(month.year());  // October's year
    // 30 days, from the 20th of the month before: both months lose it.
    const v1::Absence month_long =
        Away(ym + "-09-20", ym + "-10-19", v1::ABSENCE_KIND_MATERNITY_LEAVE);
    const v1::Eligibility e = rules->Evaluate(Officer(), {month_long}, month);
    EXPECT_FALSE(e.eligible()) << month;
    ASSERT_EQ(Failed(e.rules(0)).size(), 1u);
    EXPECT_TRUE(absl::StartsWith(Failed(e.rules(0))[0],
                                 "no continuous absence of 30 days"));
    EXPECT_FALSE(
        rules->Evaluate(Officer(), {month_long}, month - 1).eligible());
    EXPECT_TRUE(rules->Evaluate(Officer(), {month_long}, month + 1).eligible());
    // 29 days is not a month.
    EXPECT_TRUE(
        rules->Evaluate(Officer(), {Away(ym + "-10-01", ym + "-10-29")}, month)
            .eligible())
        << month;
    // A long absence that ended before the month does not count.
    EXPECT_TRUE(
        rules->Evaluate(Officer(), {Away(ym + "-06-01", ym + "-08-31")}, month)
            .eligible())
        << month;
    // Short absences do not add up.
    EXPECT_TRUE(rules
                    ->Evaluate(Officer(),
                               {Away(ym + "-10-01", ym + "-10-15"),
                                Away(ym + "-10-16", ym + "-10-31")},
                               month)
                    .eligible())
        << month;
  }
}

TEST(AllowanceRulesTest, OnlyMonthsInServiceQualify) {
  auto rules = ShippedRules();
  ASSERT_NE(rules, nullptr);
  v1::Staff s = Officer();
  s.set_start_date("2023-10-25");
  EXPECT_TRUE(rules->Evaluate(s, {}, Month(2023, 10)).eligible());
  EXPECT_FALSE(rules->Evaluate(s, {}, Month(2023, 9)).eligible());
  s.set_end_date("2024-03-01");
  EXPECT_TRUE(rules->Evaluate(s, {}, Month(2024, 3)).eligible());
  const v1::Eligibility after = rules->Evaluate(s, {}, Month(2024, 4));
  EXPECT_FALSE(after.eligible());
  EXPECT_EQ(Failed(after.rules(0)),
            std::vector<std::string>{"in service during the month"});
}

TEST(AllowanceRulesTest, AbsenceKindsNotListedDoNotExclude) {
  auto rules = AllowanceRules::Parse(R"json({
    "positions": [{"code": "p", "title": "P"}],
    "rules": [{"rule_id": "R", "title": "T", "legal_basis": "B",
               "valid_from": "2020-01-01", "roles": ["dedicated"],
               "absence": {"kinds": ["unpaid_leave"], "continuous_days": 30}}]
  })json");
  ASSERT_TRUE(rules.ok()) << rules.status();
  v1::Staff s = Officer("p");
  EXPECT_TRUE(
      (*rules)
          ->Evaluate(s, {Away("2023-09-01", "2023-12-31")}, Month(2023, 10))
          .eligible());
  EXPECT_FALSE((*rules)
                   ->Evaluate(s,
                              {Away("2023-09-01", "2023-12-31",
                                    v1::ABSENCE_KIND_UNPAID_LEAVE)},
                              Month(2023, 10))
                   .eligible());
}

TEST(AllowanceRulesTest, BadFilesAreRefusedNamingThePlace) {
  const std::pair<const char*, const char*> cases[] = {
      {"[]", "not a JSON object"},
      {R"({"rules": []})", "positions"},
      {R"({"positions": [{"code": "p"}], "rules": []})", "positions[0]"},
      {R"({"positions": [{"code": "p", "title": "P"},
                         {"code": "p", "title": "Q"}], "rules": []})",
       "appears twice"},
      {R"({"positions": [], "rules": [{"title": "T", "legal_basis": "B",
           "valid_from": "2020-01-01"}]})",
       "rules[0]: rule_id"},
      {R"({"positions": [], "rules": [{"rule_id": "R", "title": "T",
           "legal_basis": "B", "valid_from": "2020-13-01"}]})",
       "valid_from"},
      {R"({"positions": [], "rules": [{"rule_id": "R", "title": "T",
           "legal_basis": "B", "valid_from": "2020-01-01",
           "valid_to": "2019-01-01"}]})",
       "valid_to"},
      {R"({"positions": [], "rules": [{"rule_id": "R", "title": "T",
           "legal_basis": "B", "valid_from": "2020-01-01",
           "roles": ["boss"]}]})",
       "roles: unknown value \"boss\""},
      {R"({"positions": [], "rules": [{"rule_id": "R", "title": "T",
           "legal_basis": "B", "valid_from": "2020-01-01",
           "positions": ["nobody"]}]})",
       "positions: unknown position"},
      {R"({"positions": [], "rules": [{"rule_id": "R", "title": "T",
           "legal_basis": "B", "valid_from": "2020-01-01",
           "positions": "it_officer"}]})",
       "positions is not a list"},
      {R"({"positions": [], "rules": [{"rule_id": "R", "title": "T",
           "legal_basis": "B", "valid_from": "2020-01-01",
           "absence": {"continuous_days": -1}}]})",
       "continuous_days"},
      {R"({"positions": [], "rules": [
           {"rule_id": "R", "title": "T", "legal_basis": "B",
            "valid_from": "2020-01-01"},
           {"rule_id": "R", "title": "T", "legal_basis": "B",
            "valid_from": "2021-01-01"}]})",
       "rules[1]: rule_id appears twice"},
  };
  for (const auto& [text, expected] : cases) {
    auto rules = AllowanceRules::Parse(text);
    ASSERT_FALSE(rules.ok()) << text;
    EXPECT_TRUE(absl::StrContains(rules.status().message(), expected))
        << rules.status() << " should name " << expected;
  }
}

TEST(AllowanceRulesTest, FingerprintFollowsTheContent) {
  auto a = AllowanceRules::Parse(R"({"positions": [], "rules": []})");
  auto b = AllowanceRules::Parse(R"({"positions": [], "rules": []})");
  auto c = AllowanceRules::Parse(
      R"({"positions": [{"code": "p", "title": "P"}], "rules": []})");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ((*a)->fingerprint(), (*b)->fingerprint());
  EXPECT_NE((*a)->fingerprint(), (*c)->fingerprint());
}

}  // namespace
}  // namespace dtr::workforce
