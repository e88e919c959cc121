// A unit's report settings as dated versions: the settings a store held
// before they were dated stay in force from the start; a version from a day
// ends the one before it; a day picks the version in force on it.
#include <cstdio>
#include <string>

#include "common/migrations.h"
#include "common/sqlite_database.h"
#include "gtest/gtest.h"
#include "services/report/report_store.h"

namespace dtr::report {
namespace {

v1::ReportSettings Settings(const std::string& issuer,
                            const std::string& valid_from) {
  v1::ReportSettings s;
  s.set_unit_code("HT");
  s.set_issuer(issuer);
  s.set_document_symbol("BC-X");
  s.set_place("Hà Tĩnh");
  s.set_signer_name("Nguyễn Văn A");
  s.set_valid_from(valid_from);
  return s;
}

std::string FreshPath(const std::string& name) {
  const std::string path =
      ::testing::TempDir() + "/" + name + "-" +
      std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".db";
  std::remove(path.c_str());
  return path;
}

TEST(ReportSettingsVersionsTest, UndatedSettingsStayInForceFromTheStart) {
  auto db = OpenSqliteDatabase(FreshPath("report-settings"), DatabaseOptions());
  ASSERT_TRUE(db.ok()) << db.status();
  const std::vector<Migration>& all = ReportStore::Migrations();
  const std::vector<Migration> before(all.begin(), all.begin() + 5);
  ASSERT_EQ(before.back().version, 5);
  ASSERT_TRUE(Migrate(db->get(), before).ok());
  {
    auto lease = (*db)->Acquire();
    ASSERT_TRUE(lease.ok());
    auto q = (*lease)->Prepare(
        "INSERT INTO report_settings (unit_code, body) VALUES (?, ?)");
    ASSERT_TRUE(q.ok());
    v1::ReportSettings old = Settings("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "");
    (*q)->BindText(1, "HT");
    (*q)->BindBlob(2, old.SerializeAsString());
    ASSERT_TRUE((*q)->Step().ok());
  }
  ASSERT_TRUE(Migrate(db->get(), all).ok());

  ReportStore store(db->get());
  auto found = store.GetSettings("HT", absl::CivilDay(2023, 10, 31));
  ASSERT_TRUE(found.ok() && found->has_value()) << found.status();
  EXPECT_EQ((*found)->issuer(), "SỞ THÔNG TIN VÀ TRUYỀN THÔNG");
  EXPECT_EQ((*found)->valid_from(), "");
  EXPECT_EQ((*found)->valid_to(), "");

  ASSERT_TRUE(
      store.PutSettings(Settings("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "2025-03-01"))
          .ok());
  found = store.GetSettings("HT", absl::CivilDay(2025, 2, 28));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->issuer(), "SỞ THÔNG TIN VÀ TRUYỀN THÔNG");
  EXPECT_EQ((*found)->valid_to(), "2025-02-28");
  found = store.GetSettings("HT", absl::CivilDay(2025, 3, 1));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->issuer(), "SỞ KHOA HỌC VÀ CÔNG NGHỆ");
  EXPECT_EQ((*found)->valid_to(), "");

  // The same day again replaces that version; another unit has none.
  ASSERT_TRUE(store.PutSettings(Settings("SỞ KHCN", "2025-03-01")).ok());
  found = store.GetSettings("HT", absl::CivilDay(2026, 10, 31));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->issuer(), "SỞ KHCN");
  found = store.GetSettings("HT-D01", absl::CivilDay(2026, 10, 31));
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
}

// Dated settings only: no version before the first day.
TEST(ReportSettingsVersionsTest, NoSettingsBeforeTheFirstVersion) {
  auto db =
      OpenSqliteDatabase(FreshPath("report-settings-dated"), DatabaseOptions());
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE(Migrate(db->get(), ReportStore::Migrations()).ok());
  ReportStore store(db->get());
  ASSERT_TRUE(store.PutSettings(Settings("A", "2024-01-01")).ok());
  auto found = store.GetSettings("HT", absl::CivilDay(2023, 12, 31));
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
}

}  // namespace
}  // namespace dtr::report
