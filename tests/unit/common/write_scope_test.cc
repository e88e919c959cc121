#include "common/write_scope.h"

#include "gtest/gtest.h"
#include "tests/unit/test_fixtures.h"

namespace dtr {
namespace {

// Province P; district D1 is dissolved on 2025-07-01, its commune C1 then
// hangs under P, and commune C3 ends with its district.
std::shared_ptr<const UnitTree> Tree() {
  return testing::TreeFromCsv(
      "code,name,level,parent_code,valid_from,valid_to\n"
      "P,Province,province,,,\n"
      "D1,District 1,district,P,,2025-06-30\n"
      "D2,District 2,district,P,,2025-06-30\n"
      "C1,Commune 1,commune,D1,,2025-06-30\n"
      "C1,Commune 1,commune,P,2025-07-01,\n"
      "C2,Commune 2,commune,D2,,2025-06-30\n"
      "C3,Commune 3,commune,D1,,2025-06-30\n");
}

constexpr absl::CivilDay kBefore(2024, 5, 1);
constexpr absl::CivilDay kAfter(2026, 5, 1);

TEST(WriteScopeTest, EverywhereAllowsAnyUnit) {
  const WriteScope scope;
  EXPECT_TRUE(scope.everywhere());
  EXPECT_TRUE(scope.Allows(*Tree(), "C2", kBefore));
  EXPECT_TRUE(scope.Names("anything"));
  EXPECT_TRUE(scope.Check(*Tree(), "unit_code", "X", kBefore).ok());
}

TEST(WriteScopeTest, AWriterReachesItsSubtreeAsTheTreeStandsThatDay) {
  const auto tree = Tree();
  const WriteScope scope("w", {"D1"});
  EXPECT_TRUE(scope.Allows(*tree, "D1", kBefore));
  EXPECT_TRUE(scope.Allows(*tree, "C1", kBefore));
  EXPECT_FALSE(scope.Allows(*tree, "C2", kBefore));
  EXPECT_FALSE(scope.Allows(*tree, "P", kBefore));
  // After the reform C1 belongs to the province, no longer to D1.
  EXPECT_FALSE(scope.Allows(*tree, "C1", kAfter));
  EXPECT_FALSE(scope.Allows(*tree, "unknown", kBefore));
}

TEST(WriteScopeTest, AnEndedUnitStaysWithTheSubtreeItWasLastIn) {
  const auto tree = Tree();
  EXPECT_TRUE(WriteScope("w", {"D1"}).Allows(*tree, "C3", kAfter));
  EXPECT_TRUE(WriteScope("w", {"D1"}).Allows(*tree, "D1", kAfter));
  EXPECT_FALSE(WriteScope("w", {"D2"}).Allows(*tree, "C3", kAfter));
}

TEST(WriteScopeTest, ARefusalNamesTheFieldTheUnitTheCallerAndItsUnits) {
  const WriteScope scope("writer-d2", {"D2", "C1"});
  const absl::Status s = scope.Check(*Tree(), "unit_code", "C3", kBefore);
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(s.message(),
            "unit_code: unit 'C3' is outside the units caller 'writer-d2' may "
            "write (D2, C1)");
}

TEST(WriteScopeTest, NamesIsTheListedUnitsOnly) {
  const WriteScope scope("w", {"D1"});
  EXPECT_TRUE(scope.Names("D1"));
  EXPECT_FALSE(scope.Names("C1"));
  EXPECT_FALSE(scope.Names(""));
}

}  // namespace
}  // namespace dtr
