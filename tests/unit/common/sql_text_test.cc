// The SQL text both stores build: multi-row placeholders, PostgreSQL's
// numbered parameters, and migrations translated for PostgreSQL.
#include <string>
#include <vector>

#include "common/batch_sql.h"
#include "common/migrations.h"
#include "common/postgres_database.h"
#include "gtest/gtest.h"

namespace dtr {
namespace {

TEST(BatchSqlTest, PlaceholdersForRowsAndLists) {
  EXPECT_EQ(ListPlaceholders(1), "?");
  EXPECT_EQ(ListPlaceholders(3), "?, ?, ?");
  EXPECT_EQ(ValuesPlaceholders(2, 3), "(?, ?, ?), (?, ?, ?)");
  EXPECT_EQ(ValuesPlaceholders(1, 1), "(?)");
}

TEST(BatchSqlTest, PiecesArePowersOfTwoThatAddUp) {
  EXPECT_EQ(PowerOfTwoPieces(300), (std::vector<size_t>{256, 32, 8, 4}));
  EXPECT_EQ(PowerOfTwoPieces(1), (std::vector<size_t>{1}));
  EXPECT_TRUE(PowerOfTwoPieces(0).empty());
  EXPECT_EQ(PowerOfTwoPieces(1000, 256),
            (std::vector<size_t>{256, 256, 256, 128, 64, 32, 8}));
  for (size_t n = 0; n < 2000; ++n) {
    size_t sum = 0;
    for (size_t piece : PowerOfTwoPieces(n)) {
      ASSERT_LE(piece, kMaxRowsPerStatement);
      ASSERT_EQ(piece & (piece - 1), 0u) << piece;
      sum += piece;
    }
    ASSERT_EQ(sum, n);
  }
}

TEST(NumberPlaceholdersTest, NumbersOnlyTheRealPlaceholders) {
  int count = 0;
  EXPECT_EQ(
      NumberPlaceholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)", &count),
      "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
  EXPECT_EQ(count, 3);
  EXPECT_EQ(NumberPlaceholders("SELECT '?', \"a?\" FROM t WHERE x = ?", &count),
            "SELECT '?', \"a?\" FROM t WHERE x = $1");
  EXPECT_EQ(count, 1);
  EXPECT_EQ(NumberPlaceholders("SELECT 'it''s?' WHERE y = ?", &count),
            "SELECT 'it''s?' WHERE y = $1");
  EXPECT_EQ(count, 1);
}

TEST(PostgresDdlTest, TranslatesTypesKeysAndGuards) {
  EXPECT_EQ(PostgresDdl("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                        " n INTEGER NOT NULL, b BLOB)"),
            "CREATE TABLE t (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY "
            "KEY, n BIGINT NOT NULL, b BYTEA)");
  EXPECT_EQ(PostgresDdl("CREATE TABLE k (a TEXT PRIMARY KEY) WITHOUT ROWID;"),
            "CREATE TABLE k (a TEXT PRIMARY KEY);");
  const std::string guard = PostgresDdl(
      "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
      "  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;");
  EXPECT_NE(guard.find("CREATE FUNCTION audit_no_update_guard() RETURNS "
                       "trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION "
                       "'audit is append-only'; END $$;"),
            std::string::npos)
      << guard;
  EXPECT_NE(
      guard.find("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
                 "FOR EACH ROW EXECUTE FUNCTION audit_no_update_guard();"),
      std::string::npos)
      << guard;
  // Names that merely contain a type word are left alone.
  EXPECT_EQ(PostgresDdl("CREATE TABLE blobs (integer_count TEXT)"),
            "CREATE TABLE blobs (integer_count TEXT)");
}

}  // namespace
}  // namespace dtr
