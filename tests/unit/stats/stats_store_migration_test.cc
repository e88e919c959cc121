// Stores made by older schemas, whose monthly (version 1) or daily
// (versions 1 to 6) dossier counters are one row per combination, opened
// by this binary: the counters are moved into cubes and every figure reads
// as before.
#include <cstdio>
#include <string>

#include "common/migrations.h"
#include "common/sqlite_database.h"
#include "gtest/gtest.h"
#include "services/stats/stats_store.h"

namespace dtr::stats {
namespace {

std::string FreshPath(const std::string& name) {
  const std::string path =
      ::testing::TempDir() + "/stats-migration-" + name + "-" +
      std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".db";
  std::remove(path.c_str());
  return path;
}

TEST(StatsStoreMigrationTest, MonthlyCountersBecomeCubesWithTheSameFigures) {
  auto db = OpenSqliteDatabase(FreshPath("monthly"), DatabaseOptions());
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

TEST(StatsStoreMigrationTest, DailyCountersBecomeCubesWithTheSameFigures) {
  auto db = OpenSqliteDatabase(FreshPath("daily"), DatabaseOptions());
  ASSERT_TRUE(db.ok()) << db.status();
  const std::vector<Migration>& all = StatsStore::Migrations();
  const std::vector<Migration> before_day_cubes(all.begin(), all.begin() + 6);
  ASSERT_EQ(before_day_cubes.back().version, 6);
  ASSERT_TRUE(Migrate(db->get(), before_day_cubes).ok());
  {
    auto lease = (*db)->Acquire();
    ASSERT_TRUE(lease.ok());
    // Version 6's daily counters: (unit, day, level, service level,
    // channel, digitized, status) → count, components no/yes, reuse
    // no/yes.
    ASSERT_TRUE(
        (*lease)
            ->Execute("INSERT INTO dossier_counts_daily VALUES "
                      "('C1', 20230403, 'commune', 1, 1, 0, 2, 5, 1, 2, 0, 0),"
                      "('C1', 20230403, 'commune', 2, 2, 1, 1, 3, 0, 0, 3, 0),"
                      "('C1', 20230419, 'commune', 1, 1, 1, 3, 4, 0, 4, 0, 1),"
                      "('C1', 20230420, 'commune', 1, 1, 1, 3, 6, 0, 0, 0, 0),"
                      "('A', 20230405, 'province', 1, 1, 0, 2, 7, 0, 0, 0, 0)")
            .ok());
  }
  ASSERT_TRUE(Migrate(db->get(), all).ok());

  StatsStore store(db->get());
  absl::flat_hash_map<std::string, LevelCounts> by_level;
  // 1–19 April: part of a month, read from the day cubes.
  const DayRange days{absl::CivilDay(2023, 4, 1), absl::CivilDay(2023, 4, 19)};
  ASSERT_TRUE(store.ReadCounts({{"C1", days}, {"A", days}}, &by_level).ok());
  const DossierCounts& commune = by_level["commune"].dossiers;
  EXPECT_EQ(commune.Total(), 12);
  EXPECT_EQ(commune.n[1][1][0][2], 5);
  EXPECT_EQ(commune.n[2][2][1][1], 3);
  EXPECT_EQ(commune.n[1][1][1][3], 4);
  EXPECT_EQ(commune.recorded[kComponentsDigitized][0], 1);
  EXPECT_EQ(commune.recorded[kComponentsDigitized][1], 6);
  EXPECT_EQ(commune.recorded[kResultsReused][0], 3);
  EXPECT_EQ(commune.recorded[kResultsReused][1], 1);
  EXPECT_EQ(by_level["province"].dossiers.Total(), 7);
  // 20 April alone, and a day with nothing.
  ASSERT_TRUE(store
                  .ReadCounts({{"C1",
                                {absl::CivilDay(2023, 4, 20),
                                 absl::CivilDay(2023, 4, 20)}}},
                              &by_level)
                  .ok());
  EXPECT_EQ(by_level["commune"].dossiers.Total(), 6);
  ASSERT_TRUE(store
                  .ReadCounts({{"C1",
                                {absl::CivilDay(2023, 4, 4),
                                 absl::CivilDay(2023, 4, 18)}}},
                              &by_level)
                  .ok());
  EXPECT_EQ(by_level["commune"].dossiers.Total(), 0);
  // The old table is gone.
  auto lease = (*db)->Acquire();
  ASSERT_TRUE(lease.ok());
  EXPECT_FALSE((*lease)->Execute("SELECT 1 FROM dossier_counts_daily").ok());
}

}  // namespace
}  // namespace dtr::stats
