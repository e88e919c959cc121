// The audit table: events come back in order with what was recorded, and
// the store refuses to change or delete them.
#include "common/audit_log.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace dtr {
namespace {

TEST(AuditLogTest, EventsAreKeptInOrderAndNeverChanged) {
  char dir[] = "/tmp/dtr-audit-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  auto db = Database::Open(std::string("sqlite:") + dir + "/audit.db", {});
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE(Migrate(db->get(), {AuditLog::TableMigration()}).ok());
  {
    AuditLog log(db->get());
    common::v1::AuditEvent first;
    first.set_identity("dvc-d1");
    first.set_method("/dtr.stats.v1.StatsService/ImportDossiers");
    first.add_units("HT-D01-C001");
    first.add_units("HT-D01-C002");
    first.set_rows(2);
    first.set_outcome("accepted");
    log.Record(first);
    common::v1::AuditEvent second;
    second.set_identity("portal");
    second.set_method("/dtr.stats.v1.StatsService/ImportDossiers");
    second.set_outcome("denied");
    second.set_detail("PERMISSION_DENIED: lacks the role writer or admin");
    log.Record(second);
    log.Flush();
    auto events = log.List(absl::InfinitePast(), 0);
    ASSERT_TRUE(events.ok()) << events.status();
    ASSERT_EQ(events->size(), 2u);
    EXPECT_LT((*events)[0].sequence(), (*events)[1].sequence());
    EXPECT_EQ((*events)[0].identity(), "dvc-d1");
    EXPECT_EQ((*events)[0].units_size(), 2);
    EXPECT_EQ((*events)[0].rows(), 2);
    EXPECT_FALSE((*events)[0].time().empty());
    EXPECT_EQ((*events)[1].outcome(), "denied");
    // Nothing before an hour from now.
    auto later = log.List(absl::Now() + absl::Hours(1), 0);
    ASSERT_TRUE(later.ok());
    EXPECT_TRUE(later->empty());
  }
  auto conn = (*db)->Acquire();
  ASSERT_TRUE(conn.ok());
  for (const char* sql : {"UPDATE audit_events SET outcome = 'accepted'",
                          "DELETE FROM audit_events"}) {
    absl::Status s = (*conn)->Execute(sql);
    EXPECT_FALSE(s.ok()) << sql;
    EXPECT_TRUE(absl::StrContains(s.message(), "append-only")) << s;
  }
  std::system((std::string("rm -rf ") + dir).c_str());
}

// A write call's event is part of the write's transaction: gone with a
// rollback, stored once with the first commit, and then not queued again.
TEST(AuditLogTest, AWritesEventIsStoredWithItsTransactionOnly) {
  char dir[] = "/tmp/dtr-audit-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  auto db = Database::Open(std::string("sqlite:") + dir + "/audit.db", {});
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE(Migrate(db->get(), {AuditLog::TableMigration()}).ok());
  AuditLog log(db->get());
  // Calls are told apart by their context's address; never dereferenced.
  int calls[2];
  const auto* rolled_back =
      reinterpret_cast<grpc::ServerContextBase*>(&calls[0]);
  const auto* committed = reinterpret_cast<grpc::ServerContextBase*>(&calls[1]);
  const std::string method = "/dtr.stats.v1.StatsService/BatchUpsertDossiers";
  auto write = [&](const grpc::ServerContextBase* call, int commits) {
    AuditedWrites audited(&log, call, [] { return int64_t{7}; });
    auto lease = (*db)->Acquire();
    ASSERT_TRUE(lease.ok());
    for (int i = 0; i < std::max(commits, 1); ++i) {
      WriteTransaction tx(lease->get());
      ASSERT_TRUE(tx.Begin().ok());
      if (i < commits) {
        ASSERT_TRUE(tx.Commit().ok());
      }
    }
  };
  auto events = [&] {
    auto listed = log.List(absl::InfinitePast(), 0);
    EXPECT_TRUE(listed.ok()) << listed.status();
    return listed.ok() ? *listed : std::vector<common::v1::AuditEvent>();
  };

  log.NoteCall(rolled_back, "dvc-d1", method, {"HT-D01"});
  write(rolled_back, 0);
  EXPECT_TRUE(events().empty());
  EXPECT_FALSE(log.EndCall(rolled_back)) << "the interceptor records it";

  log.NoteCall(committed, "dvc-d1", method, {"HT-D01", "HT-D02"});
  write(committed, 2);
  const std::vector<common::v1::AuditEvent> stored = events();
  ASSERT_EQ(stored.size(), 1u) << "one event, however many commits";
  EXPECT_EQ(stored[0].identity(), "dvc-d1");
  EXPECT_EQ(stored[0].method(), method);
  EXPECT_EQ(stored[0].units_size(), 2);
  EXPECT_EQ(stored[0].rows(), 7);
  EXPECT_EQ(stored[0].outcome(), "accepted");
  EXPECT_TRUE(log.EndCall(committed)) << "the interceptor records nothing";
  std::system((std::string("rm -rf ") + dir).c_str());
}

}  // namespace
}  // namespace dtr
