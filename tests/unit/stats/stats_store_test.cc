// The stats store on a SQLite file of its own: records written a batch at
// a time with each one's outcome, their counters moved when a record
// changes, read back by level over any range, and nothing left of a
// transaction that was not committed.
#include "services/stats/stats_store.h"

#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/unit/test_fixtures.h"

namespace dtr::stats {
namespace {

class StatsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::OpenTestStore(StatsStore::Migrations());
    ASSERT_NE(db_, nullptr);
    store_ = std::make_unique<StatsStore>(db_.get());
  }

  // Writes `records` in one committed transaction; their outcomes.
  std::vector<UpsertOutcome> Put(const std::vector<DossierRecord>& records) {
    auto tx = store_->BeginWrite();
    EXPECT_TRUE(tx.ok()) << tx.status();
    auto outcomes = (*tx)->PutDossiers(records);
    EXPECT_TRUE(outcomes.ok()) << outcomes.status();
    EXPECT_TRUE((*tx)->Commit().ok());
    return outcomes.ok() ? *outcomes : std::vector<UpsertOutcome>();
  }

  absl::flat_hash_map<std::string, LevelCounts> Read(
      const std::vector<SubtreeMember>& members) {
    absl::flat_hash_map<std::string, LevelCounts> by_level;
    EXPECT_TRUE(store_->ReadCounts(members, &by_level).ok());
    return by_level;
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<StatsStore> store_;
};

DossierRecord Dossier(const std::string& id, const std::string& unit,
                      const std::string& level, int32_t day,
                      v1::DossierStatus status) {
  DossierRecord r;
  r.dossier_id = id;
  r.unit_code = unit;
  r.level = level;
  r.procedure_code = "P1";
  r.received_at = std::to_string(day);
  r.received_day = day;
  r.channel = v1::CHANNEL_ONLINE;
  r.service_level = v1::SERVICE_LEVEL_FULL;
  r.digitized = true;
  r.status = status;
  return r;
}

const DayRange kYear{absl::CivilDay(2023, 1, 1), absl::CivilDay(2023, 12, 31)};

int64_t Count(const DossierCounts& c, v1::DossierStatus status) {
  return c.n[v1::SERVICE_LEVEL_FULL][v1::CHANNEL_ONLINE][1][status];
}

TEST_F(StatsStoreTest, EachRecordSaysWhetherItWasCreatedUpdatedOrUnchanged) {
  const DossierRecord a =
      Dossier("D1", "C1", "commune", 20230105, v1::DOSSIER_STATUS_PENDING);
  const DossierRecord b =
      Dossier("D2", "A", "province", 20230310, v1::DOSSIER_STATUS_DONE_LATE);
  EXPECT_EQ(Put({a, b}), (std::vector<UpsertOutcome>{UpsertOutcome::kCreated,
                                                     UpsertOutcome::kCreated}));
  DossierRecord done = a;
  done.status = v1::DOSSIER_STATUS_DONE_ON_TIME;
  EXPECT_EQ(Put({done, b}),
            (std::vector<UpsertOutcome>{UpsertOutcome::kUpdated,
                                        UpsertOutcome::kUnchanged}));
}

TEST_F(StatsStoreTest, AChangedRecordMovesItsCountAndIsCountedOnce) {
  DossierRecord a =
      Dossier("D1", "C1", "commune", 20230105, v1::DOSSIER_STATUS_PENDING);
  Put({a,
       Dossier("D2", "C1", "commune", 20230220, v1::DOSSIER_STATUS_PENDING)});
  a.status = v1::DOSSIER_STATUS_DONE_ON_TIME;
  Put({a});
  Put({a});  // again: nothing moves
  auto counts = Read({{"C1", kYear}});
  const DossierCounts& commune = counts["commune"].dossiers;
  EXPECT_EQ(commune.Total(), 2);
  EXPECT_EQ(Count(commune, v1::DOSSIER_STATUS_PENDING), 1);
  EXPECT_EQ(Count(commune, v1::DOSSIER_STATUS_DONE_ON_TIME), 1);
}

TEST_F(StatsStoreTest, ARecordTwiceInABatchEndsAsItsLastVersion) {
  DossierRecord first =
      Dossier("D1", "C1", "commune", 20230105, v1::DOSSIER_STATUS_PENDING);
  DossierRecord last = first;
  last.status = v1::DOSSIER_STATUS_CANCELLED;
  Put({first, last});
  auto counts = Read({{"C1", kYear}});
  EXPECT_EQ(counts["commune"].dossiers.Total(), 1);
  EXPECT_EQ(Count(counts["commune"].dossiers, v1::DOSSIER_STATUS_CANCELLED), 1);
}

TEST_F(StatsStoreTest, RangesAddWholeMonthsAndEdgeDaysByLevel) {
  Put({Dossier("D1", "C1", "commune", 20230131, v1::DOSSIER_STATUS_PENDING),
       Dossier("D2", "C1", "commune", 20230201, v1::DOSSIER_STATUS_PENDING),
       Dossier("D3", "C1", "commune", 20230315, v1::DOSSIER_STATUS_PENDING),
       Dossier("D4", "A", "province", 20230316, v1::DOSSIER_STATUS_PENDING)});
  // 31 January to 15 March: one edge day, February whole, 15 days of March.
  const DayRange range{absl::CivilDay(2023, 1, 31),
                       absl::CivilDay(2023, 3, 15)};
  auto counts = Read({{"C1", range}, {"A", range}});
  EXPECT_EQ(counts["commune"].dossiers.Total(), 3);
  EXPECT_EQ(counts["province"].dossiers.Total(), 0);
  EXPECT_EQ(Read({{"A", kYear}})["province"].dossiers.Total(), 1);
}

// Each member's counts month by month, at each level; a unit that is a
// member twice (in two ranked subtrees) counts once in each.
TEST_F(StatsStoreTest, MemberCountsComeMonthByMonthOnceForEachMember) {
  Put({Dossier("D1", "C1", "commune", 20230131, v1::DOSSIER_STATUS_PENDING),
       Dossier("D2", "C1", "commune", 20230201, v1::DOSSIER_STATUS_PENDING),
       Dossier("D3", "C1", "commune", 20230315, v1::DOSSIER_STATUS_PENDING),
       Dossier("D4", "A", "province", 20230316, v1::DOSSIER_STATUS_PENDING)});
  const DayRange range{absl::CivilDay(2023, 1, 31),
                       absl::CivilDay(2023, 3, 15)};
  for (const DayRange days : {range, kYear}) {
    std::map<std::pair<size_t, int64_t>, DossierCounts> got;
    std::map<std::string, int64_t> by_level;
    ASSERT_TRUE(
        store_
            ->ReadMemberCounts(
                {{"C1", days}, {"A", days}, {"C1", days}},
                [&](size_t member, int64_t month, absl::string_view level) {
                  ++by_level[std::string(level)];
                  return &got[{member, month}];
                })
            .ok());
    const bool year = days.last == kYear.last;
    for (size_t member : {0, 2}) {
      EXPECT_EQ((got[{member, 202301}].Total()), 1) << member;
      EXPECT_EQ((got[{member, 202302}].Total()), 1) << member;
      EXPECT_EQ((got[{member, 202303}].Total()), 1) << member;
    }
    EXPECT_EQ((got[{1, 202303}].Total()), year ? 1 : 0);
    EXPECT_GT(by_level["commune"], 0);
    EXPECT_EQ(by_level.count("province") > 0, year);
  }
}

TEST_F(StatsStoreTest, PaymentsCountTransactionsAmountsAndPayingUnits) {
  auto tx = store_->BeginWrite();
  ASSERT_TRUE(tx.ok());
  PaymentRecord paid{"T1",
                     "C1",
                     "commune",
                     "2023-04-02",
                     20230402,
                     25000,
                     v1::PAYMENT_STATUS_SUCCESS};
  PaymentRecord failed{"T2",
                       "C2",
                       "commune",
                       "2023-04-03",
                       20230403,
                       10000,
                       v1::PAYMENT_STATUS_FAILED};
  auto outcomes = (*tx)->PutPayments({paid, failed});
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  ASSERT_TRUE((*tx)->Commit().ok());
  auto counts = Read({{"C1", kYear}, {"C2", kYear}});
  const PaymentCounts& p = counts["commune"].payments;
  EXPECT_EQ(p.successful, 1);
  EXPECT_EQ(p.amount_vnd, 25000);
  EXPECT_EQ(p.failed, 1);
  EXPECT_EQ(p.paying_units.size(), 1u);
  EXPECT_TRUE(p.paying_units.contains("C1"));
  auto latest = store_->LatestMonth();
  ASSERT_TRUE(latest.ok());
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ(**latest, absl::CivilDay(2023, 4, 1));
}

TEST_F(StatsStoreTest, ATransactionNotCommittedLeavesNothing) {
  {
    auto tx = store_->BeginWrite();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)
                    ->PutDossiers({Dossier("D1", "C1", "commune", 20230105,
                                           v1::DOSSIER_STATUS_PENDING)})
                    .ok());
  }
  EXPECT_EQ(Read({{"C1", kYear}})["commune"].dossiers.Total(), 0);
  auto latest = store_->LatestMonth();
  ASSERT_TRUE(latest.ok());
  EXPECT_FALSE(latest->has_value());
  // The id is free: writing it now creates it.
  EXPECT_EQ(Put({Dossier("D1", "C1", "commune", 20230105,
                         v1::DOSSIER_STATUS_PENDING)}),
            std::vector<UpsertOutcome>{UpsertOutcome::kCreated});
}

}  // namespace
}  // namespace dtr::stats
