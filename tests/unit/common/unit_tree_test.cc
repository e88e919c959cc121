#include "common/unit_tree.h"

#include "gtest/gtest.h"

namespace dtr {
namespace {

std::shared_ptr<const UnitTree> Load(const std::string& csv) {
  CsvReader reader(csv);
  auto tree = UnitTree::Load(&reader);
  EXPECT_TRUE(tree.ok()) << tree.status();
  return tree.ok() ? *tree : nullptr;
}

absl::Status LoadError(const std::string& csv) {
  CsvReader reader(csv);
  return UnitTree::Load(&reader).status();
}

constexpr char kHeader[] = "code,name,level,parent_code,valid_from,valid_to\n";

// A province whose district D1 is dissolved on 2025-07-01: its commune C1
// then hangs directly under the province.
std::string TwoEraTree() {
  return std::string(kHeader) +
         "P,Province,province,,,\n"
         "A,Agency,province,P,,\n"
         "D1,District 1,district,P,,2025-06-30\n"
         "D2,District 2,district,P,,2025-06-30\n"
         "C1,Commune 1,commune,D1,,2025-06-30\n"
         "C1,Commune 1,commune,P,2025-07-01,\n"
         "C2,Commune 2,commune,D2,,2025-06-30\n";
}

absl::CivilDay Day(int y, int m, int d) { return absl::CivilDay(y, m, d); }

TEST(UnitTreeTest, LevelsAreOrderedFromTheTop) {
  auto tree = Load(TwoEraTree());
  EXPECT_EQ(tree->levels(),
            (std::vector<std::string>{"province", "district", "commune"}));
}

TEST(UnitTreeTest, LevelsFollowDepthNotFileOrder) {
  auto tree = Load(std::string(kHeader) +
                   "C,Commune,commune,D,,\n"
                   "D,District,district,P,,\n"
                   "P,Province,province,,,\n");
  EXPECT_EQ(tree->levels(),
            (std::vector<std::string>{"province", "district", "commune"}));
}

TEST(UnitTreeTest, LevelsKeepTheirOrderAfterALevelIsRemoved) {
  // The communes of 2025 hang from the province, as deep as the districts
  // of 2023 were, and come first in the file: still below districts.
  auto tree = Load(std::string(kHeader) +
                   "C1,Commune 1,commune,P,2025-07-01,\n"
                   "P,Province,province,,,\n"
                   "D1,District 1,district,P,,2025-06-30\n"
                   "C1,Commune 1,commune,D1,,2025-06-30\n");
  EXPECT_EQ(tree->levels(),
            (std::vector<std::string>{"province", "district", "commune"}));
}

TEST(UnitTreeTest, ASubtreeHasTheLevelsOfItsRange) {
  auto tree = Load(TwoEraTree());
  EXPECT_EQ(
      tree->LevelsOf(tree->Subtree("P", {Day(2023, 1, 1), Day(2023, 12, 31)})),
      (std::vector<std::string>{"province", "district", "commune"}));
  // 2026 has no district level.
  EXPECT_EQ(
      tree->LevelsOf(tree->Subtree("P", {Day(2026, 1, 1), Day(2026, 12, 31)})),
      (std::vector<std::string>{"province", "commune"}));
  EXPECT_EQ(
      tree->LevelsOf(tree->Subtree("D2", {Day(2023, 1, 1), Day(2023, 12, 31)})),
      (std::vector<std::string>{"district", "commune"}));
}

TEST(UnitTreeTest, FindsTheVersionValidOnADay) {
  auto tree = Load(TwoEraTree());
  EXPECT_EQ(tree->Find("C1", Day(2023, 10, 31))->parent_code, "D1");
  EXPECT_EQ(tree->Find("C1", Day(2025, 6, 30))->parent_code, "D1");
  EXPECT_EQ(tree->Find("C1", Day(2025, 7, 1))->parent_code, "P");
  EXPECT_EQ(tree->Find("D1", Day(2025, 7, 1)), nullptr);
  EXPECT_EQ(tree->Find("X", Day(2023, 1, 1)), nullptr);
}

TEST(UnitTreeTest, SubtreeOfOneEra) {
  auto tree = Load(TwoEraTree());
  auto members = tree->Subtree("P", {Day(2023, 1, 1), Day(2023, 10, 31)});
  std::vector<std::string> codes;
  for (const auto& m : members) {
    codes.push_back(m.code);
    EXPECT_EQ(m.days.first, Day(2023, 1, 1));
    EXPECT_EQ(m.days.last, Day(2023, 10, 31));
  }
  std::sort(codes.begin(), codes.end());
  EXPECT_EQ(codes,
            (std::vector<std::string>{"A", "C1", "C2", "D1", "D2", "P"}));
}

TEST(UnitTreeTest, SubtreeAcrossTheReformSplitsMembership) {
  auto tree = Load(TwoEraTree());
  // District 1's subtree holds C1 only until the district is dissolved.
  auto members = tree->Subtree("D1", {Day(2025, 1, 1), Day(2025, 12, 31)});
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[1].code, "C1");
  EXPECT_EQ(members[1].days.first, Day(2025, 1, 1));
  EXPECT_EQ(members[1].days.last, Day(2025, 6, 30));
  // The province holds C1 over the whole year, in one stretch.
  for (const auto& m :
       tree->Subtree("P", {Day(2025, 1, 1), Day(2025, 12, 31)})) {
    if (m.code == "C1") {
      EXPECT_EQ(m.days.first, Day(2025, 1, 1));
      EXPECT_EQ(m.days.last, Day(2025, 12, 31));
    }
  }
}

TEST(UnitTreeTest, ListOnADayIsInTreeOrder) {
  auto tree = Load(TwoEraTree());
  std::vector<std::string> codes;
  for (const UnitVersion* v : tree->ListOn(Day(2026, 1, 1), "", "")) {
    codes.push_back(v->code);
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"P", "A", "C1"}));
  codes.clear();
  for (const UnitVersion* v : tree->ListOn(Day(2023, 1, 1), "P", "commune")) {
    codes.push_back(v->code);
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"C1", "C2"}));
}

TEST(UnitTreeTest, RejectsOverlappingVersions) {
  absl::Status s = LoadError(std::string(kHeader) +
                             "P,Province,province,,,\n"
                             "P,Province,province,,2020-01-01,\n");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("line 3: valid_from"), std::string::npos) << s;
}

TEST(UnitTreeTest, RejectsAParentMissingOnSomeDays) {
  absl::Status s = LoadError(std::string(kHeader) +
                             "P,Province,province,,2024-01-01,\n"
                             "D,District,district,P,2023-01-01,\n");
  EXPECT_NE(
      s.message().find("line 3: parent_code: P is not valid on 2023-01-01"),
      std::string::npos)
      << s;
}

TEST(UnitTreeTest, RejectsCycles) {
  absl::Status s = LoadError(std::string(kHeader) +
                             "A,A,x,B,,\n"
                             "B,B,x,A,,\n");
  EXPECT_NE(s.message().find("cycle"), std::string::npos) << s;
}

TEST(UnitTreeTest, RejectsBadFields) {
  EXPECT_NE(LoadError(std::string(kHeader) + ",Name,province,,,\n")
                .message()
                .find("line 2: code: is empty"),
            std::string::npos);
  EXPECT_NE(LoadError(std::string(kHeader) + "P,Name,province,,2023-02-30,\n")
                .message()
                .find("line 2: valid_from"),
            std::string::npos);
  EXPECT_NE(LoadError("code,name\nP,Name\n").message().find("header"),
            std::string::npos);
}

TEST(UnitTreeTest, FingerprintFollowsContent) {
  auto a = Load(TwoEraTree());
  auto b = Load(TwoEraTree());
  auto c = Load(TwoEraTree() + "C3,Commune 3,commune,D2,,2025-06-30\n");
  EXPECT_EQ(a->fingerprint(), b->fingerprint());
  EXPECT_NE(a->fingerprint(), c->fingerprint());
}

}  // namespace
}  // namespace dtr
