// A store made by the first schema, whose monthly dossier counters are one
// row per combination, opened by this binary: the counters are moved into
// month cubes and every figure reads as before.
#include <cstdio>
#include <string>

#include "common/migrations.h"
#include "common/sqlite_database.h"
#include "gtest/gtest.h"
#include "services/stats/dossier_list.h"
#include "services/stats/stats_store.h"

namespace dtr::stats {
namespace {

std::string FreshPath(const std::string& name) {
  const std::string path =
      ::testing::TempDir() + "/" + name + "-" +
      std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".db";
  std::remove(path.c_str());
  return path;
}

TEST(StatsStoreMigrationTest, MonthlyCountersBecomeCubesWithTheSameFigures) {
  auto db = OpenSqliteDatabase(FreshPath("stats-migration"), DatabaseOptions());
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

// Dossiers stored in dossier_id order (version 6) are moved into the table
// kept by unit and day: every column comes along, lists read them in their
// order, and an import finds a dossier by its id and moves it to its new
// day rather than storing it twice.
TEST(StatsStoreMigrationTest, DossiersMoveIntoTheTableKeptByUnitAndDay) {
  auto db = OpenSqliteDatabase(FreshPath("stats-by-unit"), DatabaseOptions());
  ASSERT_TRUE(db.ok()) << db.status();
  const std::vector<Migration>& all = StatsStore::Migrations();
  const std::vector<Migration> through_v6(all.begin(), all.begin() + 6);
  ASSERT_EQ(through_v6.back().version, 6);
  ASSERT_TRUE(Migrate(db->get(), through_v6).ok());
  {
    auto lease = (*db)->Acquire();
    ASSERT_TRUE(lease.ok());
    ASSERT_TRUE(
        (*lease)
            ->Execute(
                "INSERT INTO dossiers (dossier_id, unit_code, level, "
                "procedure_code, received_at, received_day, channel, "
                "service_level, digitized, status, due_at, finished_at, "
                "updated_at, components_digitized, results_reused) VALUES "
                "('A3', 'C1', 'commune', 'P2', '2023-01-09T08:00:00+07:00', "
                "20230109, 'online', 'full', 1, 'done_late', '2023-01-10', "
                "'2023-01-12', 'x', 1, NULL),"
                "('A1', 'C1', 'commune', 'P1', '2023-01-20T08:00:00+07:00', "
                "20230120, 'direct', 'partial', 0, 'done_on_time', "
                "'2023-01-25', '2023-01-21', 'x', NULL, 0),"
                "('A2', 'C2', 'commune', 'P1', '2023-01-02T08:00:00+07:00', "
                "20230102, 'online', 'full', 1, 'done_on_time', '2023-01-05', "
                "'2023-01-03', 'x', NULL, NULL)")
            .ok());
  }
  ASSERT_TRUE(Migrate(db->get(), all).ok());

  StatsStore store(db->get());
  const DayRange year{absl::CivilDay(2023, 1, 1), absl::CivilDay(2023, 12, 31)};
  DossierListQuery query;
  query.members = {{"C1", year}, {"C2", year}};
  query.figure = "on_time";
  query.part = v1::FIGURE_PART_DENOMINATOR;
  query.known_total = 3;
  v1::ListDossiersResponse page;
  ASSERT_TRUE(store.ListDossiers(query, &page).ok());
  ASSERT_EQ(page.dossiers_size(), 3);
  EXPECT_EQ(page.dossiers(0).dossier_id(), "A3");
  EXPECT_EQ(page.dossiers(1).dossier_id(), "A1");
  EXPECT_EQ(page.dossiers(2).dossier_id(), "A2");
  const v1::Dossier& a3 = page.dossiers(0);
  EXPECT_EQ(a3.procedure_code(), "P2");
  EXPECT_EQ(a3.received_at(), "2023-01-09T08:00:00+07:00");
  EXPECT_EQ(a3.channel(), v1::CHANNEL_ONLINE);
  EXPECT_EQ(a3.service_level(), v1::SERVICE_LEVEL_FULL);
  EXPECT_TRUE(a3.digitized());
  EXPECT_EQ(a3.status(), v1::DOSSIER_STATUS_DONE_LATE);
  EXPECT_EQ(a3.due_at(), "2023-01-10");
  EXPECT_EQ(a3.finished_at(), "2023-01-12");
  EXPECT_TRUE(a3.has_components_digitized() && a3.components_digitized());
  EXPECT_FALSE(a3.has_results_reused());
  EXPECT_TRUE(page.dossiers(1).has_results_reused());
  EXPECT_FALSE(page.dossiers(1).results_reused());

  // A1 received on another day: the same dossier, moved.
  auto tx = store.BeginWrite();
  ASSERT_TRUE(tx.ok()) << tx.status();
  DossierRecord moved;
  moved.dossier_id = "A1";
  moved.unit_code = "C1";
  moved.level = "commune";
  moved.procedure_code = "P1";
  moved.received_at = "2023-01-05T08:00:00+07:00";
  moved.received_day = 20230105;
  moved.channel = v1::CHANNEL_DIRECT;
  moved.service_level = v1::SERVICE_LEVEL_PARTIAL;
  moved.status = v1::DOSSIER_STATUS_DONE_ON_TIME;
  moved.due_at = "2023-01-25";
  moved.finished_at = "2023-01-21";
  moved.results_reused = false;
  auto outcomes = (*tx)->PutDossiers({moved});
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  EXPECT_EQ(*outcomes, std::vector<UpsertOutcome>{UpsertOutcome::kUpdated});
  ASSERT_TRUE((*tx)->Commit().ok());
  ASSERT_TRUE(store.ListDossiers(query, &page).ok());
  ASSERT_EQ(page.dossiers_size(), 3);
  EXPECT_EQ(page.dossiers(0).dossier_id(), "A1");
  EXPECT_EQ(page.dossiers(0).received_at(), "2023-01-05T08:00:00+07:00");
  EXPECT_EQ(page.dossiers(1).dossier_id(), "A3");
}

}  // namespace
}  // namespace dtr::stats
