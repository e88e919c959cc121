// The month cubes summed over whole subtrees: a subtree's counts read from
// them are its units' counts, under the tree that wrote them, under
// another tree (read from the units until a write sums them anew), over a
// month its tree changes in, and after a writer without a tree.
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/stats/stats_store.h"
#include "tests/unit/test_fixtures.h"

namespace dtr::stats {
namespace {

constexpr char kHeader[] = "code,name,level,parent_code,valid_from,valid_to\n";
// C3 under P2.
constexpr char kTree[] =
    "VN,Country,country,,,\n"
    "P1,Province 1,province,VN,,\n"
    "P2,Province 2,province,VN,,\n"
    "C1,Commune 1,commune,P1,,\n"
    "C2,Commune 2,commune,P1,,\n"
    "C3,Commune 3,commune,P2,,\n";
// C3 under P1.
constexpr char kOtherTree[] =
    "VN,Country,country,,,\n"
    "P1,Province 1,province,VN,,\n"
    "P2,Province 2,province,VN,,\n"
    "C1,Commune 1,commune,P1,,\n"
    "C2,Commune 2,commune,P1,,\n"
    "C3,Commune 3,commune,P1,,\n";
// C2 moves from P1 to P2 on 15 February.
constexpr char kTreeChangingInFebruary[] =
    "VN,Country,country,,,\n"
    "P1,Province 1,province,VN,,\n"
    "P2,Province 2,province,VN,,\n"
    "C1,Commune 1,commune,P1,,\n"
    "C2,Commune 2,commune,P1,,2023-02-14\n"
    "C2,Commune 2,commune,P2,2023-02-15,\n"
    "C3,Commune 3,commune,P2,,\n";

const DayRange kYear{absl::CivilDay(2023, 1, 1), absl::CivilDay(2023, 12, 31)};
const DayRange kParts{absl::CivilDay(2023, 1, 10), absl::CivilDay(2023, 3, 15)};
const DayRange kFebruary{absl::CivilDay(2023, 2, 1),
                         absl::CivilDay(2023, 2, 28)};

// Dossier `i` of a varied set over January to April, `salt` changing
// where and how it ends (a record sent again moves its count).
DossierRecord NthDossier(int i, int salt = 0) {
  static const char* const kUnits[] = {"VN", "P1", "P2", "C1", "C2", "C3"};
  static const char* const kLevels[] = {"country", "province", "province",
                                        "commune", "commune",  "commune"};
  const int unit = (i * 7 + salt) % 6;
  DossierRecord r;
  r.dossier_id = absl::StrCat("D", i);
  r.unit_code = kUnits[unit];
  r.level = kLevels[unit];
  r.procedure_code = "P1";
  r.received_day = 20230100 + (i + salt) % 4 * 100 + 1 + (i * 3 + salt) % 28;
  r.received_at = std::to_string(r.received_day);
  r.channel = i % 3 == 0 ? v1::CHANNEL_DIRECT : v1::CHANNEL_ONLINE;
  r.service_level =
      i % 2 == 0 ? v1::SERVICE_LEVEL_FULL : v1::SERVICE_LEVEL_PARTIAL;
  r.digitized = (i + salt) % 5 != 0;
  r.status = (i + salt) % 4 == 0 ? v1::DOSSIER_STATUS_PENDING
                                 : v1::DOSSIER_STATUS_DONE_ON_TIME;
  if (i % 6 == 0) r.components_digitized = (i + salt) % 12 == 0;
  return r;
}

std::vector<DossierRecord> Dossiers(int from, int to, int salt = 0) {
  std::vector<DossierRecord> out;
  for (int i = from; i < to; ++i) out.push_back(NthDossier(i, salt));
  return out;
}

bool SameCounts(const DossierCounts& a, const DossierCounts& b) {
  return std::memcmp(a.n, b.n, sizeof(a.n)) == 0 &&
         std::memcmp(a.recorded, b.recorded, sizeof(a.recorded)) == 0;
}

class SubtreeCubesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::OpenTestStore(StatsStore::Migrations());
    ASSERT_NE(db_, nullptr);
    tree_file_ = ::testing::TempDir() + "/subtree-cubes-units.csv";
    UseTree(kTree);
    auto units = UnitTreeHolder::Open(tree_file_, UnitTree::LoadFile);
    ASSERT_TRUE(units.ok()) << units.status();
    units_ = std::move(*units);
    store_ = std::make_unique<StatsStore>(db_.get(), units_.get());
  }

  // The writers' tree from now on.
  void UseTree(const char* rows) {
    std::ofstream(tree_file_) << kHeader << rows;
    if (units_ != nullptr) {
      ASSERT_TRUE(units_->Reload().ok());
    }
  }

  void Put(StatsStore& store, const std::vector<DossierRecord>& records) {
    auto tx = store.BeginWrite();
    ASSERT_TRUE(tx.ok()) << tx.status();
    ASSERT_TRUE((*tx)->PutDossiers(records).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }

  // The counts of `root`'s subtree in `tree` over `range`, from its
  // subtree cubes where kept (`whole`) or from its units' cubes.
  absl::StatusOr<absl::flat_hash_map<std::string, LevelCounts>> Read(
      const UnitTree& tree, const std::string& root, DayRange range,
      bool whole) {
    const StatsStore::WholeSubtree subtree{&tree, root, range};
    absl::flat_hash_map<std::string, LevelCounts> by_level;
    absl::Status s = store_->ReadCounts(tree.Subtree(root, range), &by_level,
                                        whole ? &subtree : nullptr);
    if (!s.ok()) return s;
    return by_level;
  }

  // Every root and range gives the same counts either way.
  void ExpectSameEitherWay(const UnitTree& tree) {
    int64_t total = 0;
    for (const char* root : {"VN", "P1", "P2"}) {
      for (const DayRange range : {kYear, kParts, kFebruary}) {
        auto whole = Read(tree, root, range, true);
        auto units = Read(tree, root, range, false);
        ASSERT_TRUE(whole.ok()) << whole.status();
        ASSERT_TRUE(units.ok()) << units.status();
        ASSERT_EQ(whole->size(), units->size()) << root;
        for (const auto& [level, counts] : *units) {
          EXPECT_TRUE(SameCounts((*whole)[level].dossiers, counts.dossiers))
              << root << " " << level << " " << FormatDay(range.first);
          total += counts.dossiers.Total();
        }
      }
    }
    EXPECT_GT(total, 0);
  }

  // Makes the units' own cubes unreadable: a read that still succeeds
  // took the subtree cubes.
  void BreakTheUnitsCubes() {
    auto lease = db_->Acquire();
    ASSERT_TRUE(lease.ok());
    ASSERT_TRUE((*lease)
                    ->Execute("UPDATE dossier_cubes_monthly SET cells = "
                              "x'ff' WHERE unit_code IN ('C1', 'C3')")
                    .ok());
  }

  int64_t SubtreesKept(int32_t month) {
    auto lease = db_->Acquire();
    if (!lease.ok()) {
      ADD_FAILURE() << lease.status();
      return -1;
    }
    auto q = (*lease)->Prepare(absl::StrCat(
        "SELECT COUNT(*) FROM dossier_subtree_units_monthly WHERE month = ",
        month));
    EXPECT_TRUE(q.ok());
    EXPECT_TRUE(*(*q)->Step());
    return (*q)->ColumnInt(0);
  }

  std::unique_ptr<Database> db_;
  std::string tree_file_;
  std::unique_ptr<UnitTreeHolder> units_;
  std::unique_ptr<StatsStore> store_;
};

TEST_F(SubtreeCubesTest, ASubtreeCountsWhatItsUnitsCount) {
  // Records of a unit the tree does not know count in no subtree.
  DossierRecord stray = NthDossier(400);
  stray.unit_code = "XX";
  Put(*store_, {stray});
  Put(*store_, Dossiers(0, 200));
  Put(*store_, Dossiers(100, 300, 1));  // half of them move
  Put(*store_, Dossiers(250, 260, 2));
  const auto tree = units_->Get();
  ExpectSameEitherWay(*tree);
  EXPECT_EQ(SubtreesKept(202302), 3);  // VN, P1 and P2

  auto before = Read(*tree, "VN", kYear, true);
  ASSERT_TRUE(before.ok());
  // The trend's read, month by month.
  const StatsStore::WholeSubtree whole{tree.get(), "VN", kYear};
  const auto by_month = [&](const StatsStore::WholeSubtree* subtree) {
    std::map<int64_t, DossierCounts> months;
    EXPECT_TRUE(store_
                    ->ReadMemberCounts(
                        tree->Subtree("VN", kYear),
                        [&](size_t, int64_t month, absl::string_view) {
                          return &months[month];
                        },
                        subtree)
                    .ok());
    return months;
  };
  const std::map<int64_t, DossierCounts> months_before = by_month(nullptr);
  EXPECT_EQ(months_before.size(), 4u);  // January to April

  BreakTheUnitsCubes();
  EXPECT_EQ(Read(*tree, "VN", kYear, false).status().code(),
            absl::StatusCode::kDataLoss);
  auto after = Read(*tree, "VN", kYear, true);
  ASSERT_TRUE(after.ok()) << after.status();
  for (const auto& [level, counts] : *before) {
    EXPECT_TRUE(SameCounts((*after)[level].dossiers, counts.dossiers));
  }
  // Days at either end come from the day cubes, the months between
  // from the subtree cubes.
  EXPECT_TRUE(Read(*tree, "P1", kParts, true).ok());
  const std::map<int64_t, DossierCounts> months_after = by_month(&whole);
  ASSERT_EQ(months_after.size(), months_before.size());
  for (const auto& [month, counts] : months_before) {
    EXPECT_TRUE(SameCounts(months_after.at(month), counts)) << month;
  }
}

TEST_F(SubtreeCubesTest, AnotherTreeReadsTheUnitsUntilAWriteSumsThemAnew) {
  Put(*store_, Dossiers(0, 300));
  const auto first = units_->Get();
  UseTree(kOtherTree);
  const auto other = units_->Get();
  // P1 holds C3 in the other tree: its sums kept for the first are not
  // its sums there.
  ExpectSameEitherWay(*other);
  Put(*store_, Dossiers(300, 340));  // every month, under the other tree
  ExpectSameEitherWay(*other);
  ExpectSameEitherWay(*first);

  UseTree(kTree);
  Put(*store_, Dossiers(0, 40, 3));
  ExpectSameEitherWay(*first);
  ExpectSameEitherWay(*other);
  BreakTheUnitsCubes();
  EXPECT_TRUE(Read(*first, "P1", kYear, true).ok());
  EXPECT_FALSE(Read(*other, "P1", kYear, true).ok());
}

TEST_F(SubtreeCubesTest, AMonthTheTreeChangesInIsReadFromTheUnits) {
  UseTree(kTreeChangingInFebruary);
  Put(*store_, Dossiers(0, 300));
  const auto tree = units_->Get();
  ExpectSameEitherWay(*tree);
  EXPECT_EQ(SubtreesKept(202302), 1);  // the country's only
  EXPECT_EQ(SubtreesKept(202303), 3);
  BreakTheUnitsCubes();
  EXPECT_TRUE(Read(*tree, "VN", kYear, true).ok());
  EXPECT_FALSE(Read(*tree, "P1", kYear, true).ok());
  EXPECT_TRUE(
      Read(*tree, "P1",
           DayRange{absl::CivilDay(2023, 3, 1), absl::CivilDay(2023, 4, 30)},
           true)
          .ok());
}

TEST_F(SubtreeCubesTest, AWriterWithoutATreeDropsTheMonthsItTouches) {
  Put(*store_, Dossiers(0, 300));
  EXPECT_EQ(SubtreesKept(202302), 3);
  StatsStore without_tree(db_.get());
  DossierRecord moved = NthDossier(5);
  moved.received_day = 20230210;
  moved.received_at = "20230210";
  moved.status = v1::DOSSIER_STATUS_CANCELLED;
  Put(without_tree, {moved});
  EXPECT_EQ(SubtreesKept(202302), 0);
  EXPECT_EQ(SubtreesKept(202303), 3);
  ExpectSameEitherWay(*units_->Get());
  // The next write under a tree into the month sums it anew.
  DossierRecord into_february = NthDossier(7);
  into_february.received_day = 20230205;
  into_february.received_at = "20230205";
  Put(*store_, {into_february});
  EXPECT_EQ(SubtreesKept(202302), 3);
  ExpectSameEitherWay(*units_->Get());
}

TEST_F(SubtreeCubesTest, AStoreWrittenWithoutThemIsSummedWhenAServiceStarts) {
  StatsStore without_tree(db_.get());
  Put(without_tree, Dossiers(0, 300));
  for (int32_t month : {202301, 202302, 202303, 202304}) {
    EXPECT_EQ(SubtreesKept(month), 0) << month;
  }
  ASSERT_TRUE(store_->KeepSubtreeCubes().ok());
  for (int32_t month : {202301, 202302, 202303, 202304}) {
    EXPECT_EQ(SubtreesKept(month), 3) << month;
  }
  ExpectSameEitherWay(*units_->Get());
  BreakTheUnitsCubes();
  EXPECT_TRUE(Read(*units_->Get(), "VN", kYear, true).ok());
}

}  // namespace
}  // namespace dtr::stats
