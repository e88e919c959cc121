// A store made by the first schema, whose monthly dossier counters are one
// row per combination, opened by this binary: the counters are moved into
// month cubes and every figure reads as before.
#include <cstdio>
#include <string>

#include "common/migrations.h"
#include "common/sqlite_database.h"
#include "gtest/gtest.h"
#include "services/stats/stats_store.h"

namespace dtr::stats {
namespace {

TEST(StatsStoreMigrationTest, MonthlyCountersBecomeCubesWithTheSameFigures) {
  const std::string path =
      ::testing::TempDir() + "/stats-migration-" +
      std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".db";
  std::remove(path.c_str());
  auto db = OpenSqliteDatabase(path, DatabaseOptions());
  ASSERT_TRUE(db.ok()) << db.status();
  const std::vector<Migration>& all = StatsStore::Migrations();
  ASSERT_TRUE(Migrate(db->get(), {all.front()}).ok());
  {
    auto lease = (*db)->Acquire();
    ASSERT_TRUE(lease.ok());
    // Two units over two months, in version 1's form: (service level,
    // channel, digitized, status) → count.
    ASSERT_TRUE((*lease)
                    ->Execute("INSERT INTO dossier_counts_monthly VALUES "
                              "('C1', 202301, 'commune', 1, 1, 0, 2, 5),"
                              "('C1', 202301, 'commune', 2, 2, 1, 1, 3),"
                              "('C1', 202302, 'commune', 1, 1, 1, 3, 4),"
                              "('A', 202301, 'province', 1, 1, 0, 2, 7),"
                              "('A', 202301, 'province', 1, 1, 0, 3, 0)")
                    .ok());
  }
  ASSERT_TRUE(Migrate(db->get(), all).ok());

  StatsStore store(db->get());
  absl::flat_hash_map<std::string, LevelCounts> by_level;
  const DayRange year{absl::CivilDay(2023, 1, 1), absl::CivilDay(2023, 12, 31)};
  ASSERT_TRUE(store.ReadCounts({{"C1", year}, {"A", year}}, &by_level).ok());
  EXPECT_EQ(by_level["commune"].dossiers.Total(), 12);
  EXPECT_EQ(by_level["commune"].dossiers.n[2][2][1][1], 3);
  EXPECT_EQ(by_level["commune"].dossiers.n[1][1][1][3], 4);
  EXPECT_EQ(by_level["province"].dossiers.Total(), 7);
  const DayRange february{absl::CivilDay(2023, 2, 1),
                          absl::CivilDay(2023, 2, 28)};
  ASSERT_TRUE(store.ReadCounts({{"C1", february}}, &by_level).ok());
  EXPECT_EQ(by_level["commune"].dossiers.Total(), 4);
  auto latest = store.LatestMonth();
  ASSERT_TRUE(latest.ok());
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ(**latest, absl::CivilDay(2023, 2, 1));
  // The old table is gone.
  auto lease = (*db)->Acquire();
  ASSERT_TRUE(lease.ok());
  EXPECT_FALSE((*lease)->Execute("SELECT 1 FROM dossier_counts_monthly").ok());
}

}  // namespace
}  // namespace dtr::stats
