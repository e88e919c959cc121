// What unit tests of stores and checks start from: a SQLite store of the
// test's own, and a unit tree written as CSV.
#ifndef DTR_TESTS_UNIT_TEST_FIXTURES_H_
#define DTR_TESTS_UNIT_TEST_FIXTURES_H_

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "common/csv_reader.h"
#include "common/database.h"
#include "common/migrations.h"
#include "common/sqlite_database.h"
#include "common/unit_tree.h"
#include "gtest/gtest.h"

namespace dtr::testing {

// A file named after the running test in its temporary directory, emptied
// first, with `migrations` applied.
inline std::unique_ptr<Database> OpenTestStore(
    const std::vector<Migration>& migrations) {
  const ::testing::TestInfo* test =
      ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string path = ::testing::TempDir() + "/" +
                           test->test_suite_name() + "-" + test->name() + ".db";
  std::remove(path.c_str());
  auto db = OpenSqliteDatabase(path, DatabaseOptions());
  EXPECT_TRUE(db.ok()) << db.status();
  if (!db.ok()) return nullptr;
  EXPECT_TRUE(Migrate(db->get(), migrations).ok());
  return std::move(*db);
}

// The tree of `csv` (code,name,level,parent_code,valid_from,valid_to).
inline std::shared_ptr<const UnitTree> TreeFromCsv(const std::string& csv) {
  CsvReader reader(csv);
  auto tree = UnitTree::Load(&reader);
  EXPECT_TRUE(tree.ok()) << tree.status();
  return tree.ok() ? *tree : nullptr;
}

}  // namespace dtr::testing

#endif  // DTR_TESTS_UNIT_TEST_FIXTURES_H_
