// Schema migrations: a store that has a later migration (the audit's,
// numbered 1000) still gets a service's new one numbered below it, once.
#include "common/migrations.h"

#include <stdlib.h>

#include <string>

#include "gtest/gtest.h"

namespace dtr {
namespace {

TEST(MigrationsTest, ANewMigrationBelowALaterOneIsStillApplied) {
  char dir[] = "/tmp/dtr-migrations-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  auto db = Database::Open(std::string("sqlite:") + dir + "/store.db", {});
  ASSERT_TRUE(db.ok()) << db.status();
  const Migration first{1, "first", "CREATE TABLE a (x INTEGER)"};
  const Migration later{1000, "later", "CREATE TABLE z (x INTEGER)"};
  const Migration added{2, "added", "CREATE TABLE b (x INTEGER)"};
  ASSERT_TRUE(Migrate(db->get(), {first, later}).ok());
  ASSERT_TRUE(Migrate(db->get(), {first, added, later}).ok());
  // Again: nothing is applied twice.
  ASSERT_TRUE(Migrate(db->get(), {first, added, later}).ok());
  auto lease = (*db)->Acquire();
  ASSERT_TRUE(lease.ok());
  EXPECT_TRUE((*lease)->Execute("INSERT INTO b VALUES (1)").ok());
  auto q = (*lease)->Prepare("SELECT COUNT(*) FROM schema_migrations");
  ASSERT_TRUE(q.ok());
  ASSERT_TRUE(*(*q)->Step());
  EXPECT_EQ((*q)->ColumnInt(0), 3);
}

}  // namespace
}  // namespace dtr
