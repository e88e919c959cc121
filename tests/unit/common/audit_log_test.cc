// The audit table: events come back in order with what was recorded, and
// the store refuses to change or delete them.
#include "common/audit_log.h"

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

}  // namespace
}  // namespace dtr
