// Report settings from a dated file: each day gets the version in force,
// the units the file names never fall back to the store and cannot be put
// through the API, the others keep the store's; a bad file is refused
// whole, naming the entry.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "common/migrations.h"
#include "common/sqlite_database.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/report/report_store.h"
#include "services/report/settings_source.h"
#include "services/report/settings_versions.h"
#include "tests/unit/test_fixtures.h"

namespace dtr::report {
namespace {

using nlohmann::json;

json UnitSettings(const std::string& issuer, const std::string& symbol) {
  return {{"issuer_parent", "UBND TỈNH HÀ TĨNH"},
          {"issuer", issuer},
          {"document_symbol", symbol},
          {"place", "Hà Tĩnh"},
          {"signer_title", {"GIÁM ĐỐC"}},
          {"signer_name", "Nguyễn Văn A"}};
}

json TwoEras() {
  return {
      {"about", "test"},
      {"versions",
       {{{"valid_from", "2008-04-01"},
         {"valid_to", "2025-02-28"},
         {"legal_basis", {{"number", "13/2008/NĐ-CP"}, {"date", "2008-02-04"}}},
         {"units",
          {{"HT", UnitSettings("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "BC-STTTT")}}}},
        {{"valid_from", "2025-03-01"},
         {"legal_basis", {{"number", "45/2025/NĐ-CP"}, {"date", "2025-02-28"}}},
         {"units",
          {{"HT", UnitSettings("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "BC-SKHCN")}}}}}}};
}

std::string Written(const std::string& name, const json& content) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::trunc) << content.dump();
  return path;
}

absl::Status Loaded(const json& content) {
  return LoadSettingsVersions(Written("settings-bad.json", content)).status();
}

TEST(SettingsFileTest, EachDayGetsTheVersionInForceAndOtherUnitsTheStore) {
  auto file = SettingsHolder::Open(Written("settings.json", TwoEras()),
                                   &LoadSettingsVersions);
  ASSERT_TRUE(file.ok()) << file.status();
  const std::string db_path = ::testing::TempDir() + "/settings-file.db";
  std::remove(db_path.c_str());
  auto db = OpenSqliteDatabase(db_path, DatabaseOptions());
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE(Migrate(db->get(), ReportStore::Migrations()).ok());
  ReportStore store(db->get());
  v1::ReportSettings stored;
  stored.set_unit_code("HT-D01");
  stored.set_issuer("PHÒNG VĂN HÓA VÀ THÔNG TIN");
  stored.set_document_symbol("BC-VHTT");
  stored.set_place("Hồng Lĩnh");
  stored.set_signer_name("Trần Thị B");
  ASSERT_TRUE(store.PutSettings(stored).ok());

  const SettingsSource source(&store, file->get());
  auto old = source.InForce("HT", absl::CivilDay(2023, 10, 31));
  ASSERT_TRUE(old.ok() && old->has_value()) << old.status();
  EXPECT_EQ((*old)->unit_code(), "HT");
  EXPECT_EQ((*old)->issuer(), "SỞ THÔNG TIN VÀ TRUYỀN THÔNG");
  EXPECT_EQ((*old)->valid_from(), "2008-04-01");
  EXPECT_EQ((*old)->valid_to(), "2025-02-28");
  EXPECT_EQ((*old)->legal_basis().number(), "13/2008/NĐ-CP");
  auto merged = source.InForce("HT", absl::CivilDay(2025, 3, 1));
  ASSERT_TRUE(merged.ok() && merged->has_value()) << merged.status();
  EXPECT_EQ((*merged)->issuer(), "SỞ KHOA HỌC VÀ CÔNG NGHỆ");
  EXPECT_EQ((*merged)->document_symbol(), "BC-SKHCN");
  EXPECT_EQ((*merged)->valid_from(), "2025-03-01");
  EXPECT_EQ((*merged)->valid_to(), "");
  EXPECT_EQ((*merged)->legal_basis().number(), "45/2025/NĐ-CP");
  // Before the file's first day: none, even with the store holding some.
  v1::ReportSettings shadowed = stored;
  shadowed.set_unit_code("HT");
  ASSERT_TRUE(store.PutSettings(shadowed).ok());
  auto before = source.InForce("HT", absl::CivilDay(2008, 3, 31));
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_FALSE(before->has_value());

  // A unit the file does not name: the store's, and put through the API.
  auto district = source.InForce("HT-D01", absl::CivilDay(2023, 10, 31));
  ASSERT_TRUE(district.ok() && district->has_value()) << district.status();
  EXPECT_EQ((*district)->issuer(), "PHÒNG VĂN HÓA VÀ THÔNG TIN");
  EXPECT_TRUE(source.CheckPuttable("HT-D01").ok());
  const absl::Status refused = source.CheckPuttable("HT");
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(refused.message(), "--settings")) << refused;

  // Without a file, every unit's are the store's.
  const SettingsSource no_file(&store, nullptr);
  EXPECT_TRUE(no_file.CheckPuttable("HT").ok());
  auto from_store = no_file.InForce("HT", absl::CivilDay(2023, 10, 31));
  ASSERT_TRUE(from_store.ok() && from_store->has_value());
  EXPECT_EQ((*from_store)->issuer(), "PHÒNG VĂN HÓA VÀ THÔNG TIN");
}

TEST(SettingsFileTest, AVersionsFingerprintIsItsContentAlone) {
  auto first = LoadSettingsVersions(Written("settings-a.json", TwoEras()));
  ASSERT_TRUE(first.ok()) << first.status();
  json changed = TwoEras();
  changed["versions"][1]["units"]["HT"]["document_symbol"] = "BC-SKHCN2";
  auto second = LoadSettingsVersions(Written("settings-b.json", changed));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ((*first)->versions()[0].meta.fingerprint(),
            (*second)->versions()[0].meta.fingerprint());
  EXPECT_NE((*first)->versions()[1].meta.fingerprint(),
            (*second)->versions()[1].meta.fingerprint());
  EXPECT_EQ((*first)->versions()[1].meta.kind(), "settings");
}

TEST(SettingsFileTest, ABadFileIsRefusedWholeNamingTheEntry) {
  struct Case {
    const char* what;
    json file;
    const char* expected;
  };
  std::vector<Case> cases;
  json missing = TwoEras();
  missing["versions"][1]["units"]["HT"].erase("issuer");
  cases.push_back({"a required field", missing,
                   "settings: versions[1] (from 2025-03-01): units.HT: "
                   "issuer: is required"});
  json overlapping = TwoEras();
  overlapping["versions"][1]["valid_from"] = "2025-02-01";
  cases.push_back({"overlapping versions", overlapping, "versions[1]"});
  json gap = TwoEras();
  gap["versions"][1]["valid_from"] = "2025-04-01";
  cases.push_back({"a gap", gap, "without a version"});
  json own_days = TwoEras();
  own_days["versions"][0]["units"]["HT"]["valid_from"] = "2020-01-01";
  cases.push_back({"days inside a unit", own_days,
                   "versions[0] (from 2008-04-01): units.HT: valid_from: "
                   "not set here"});
  json camel = TwoEras();
  camel["versions"][1]["units"]["HT"]["legalBasis"] = {{"number", "1/X"},
                                                       {"date", "2025-01-01"}};
  cases.push_back({"days spelt as proto3 JSON may", camel,
                   "versions[1] (from 2025-03-01): units.HT: legal_basis: "
                   "not set here"});
  json unknown = TwoEras();
  unknown["versions"][0]["units"]["HT"]["colour"] = "red";
  cases.push_back({"an unknown field", unknown, "units.HT: "});
  json bad_code = TwoEras();
  bad_code["versions"][0]["units"][std::string(65, 'X')] =
      bad_code["versions"][0]["units"]["HT"];
  cases.push_back({"a unit code too long", bad_code,
                   "unit_code: is longer than 64 characters"});
  json no_units = TwoEras();
  no_units["versions"][0].erase("units");
  cases.push_back({"no units", no_units, "versions[0] (from 2008-04-01)"});
  json bad_image = TwoEras();
  bad_image["versions"][0]["units"]["HT"]["seal_image"] = "not base64!";
  cases.push_back({"an image that is not base64", bad_image, "units.HT: "});
  for (const Case& c : cases) {
    const absl::Status s = Loaded(c.file);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.what << s;
    EXPECT_TRUE(absl::StrContains(s.message(), c.expected))
        << c.what << ": " << s.message();
  }
  EXPECT_TRUE(absl::StrContains(Loaded(unknown).message(), "colour"))
      << Loaded(unknown);
}

TEST(SettingsFileTest, AFileWithoutVersionsIsInForceEveryDay) {
  auto file = LoadSettingsVersions(Written(
      "settings-undated.json",
      {{"about", "one version"},
       {"units",
        {{"HT", UnitSettings("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "BC-STTTT")}}}}));
  ASSERT_TRUE(file.ok()) << file.status();
  const SettingsVersions::Version* v = (*file)->At(absl::CivilDay(1990, 1, 1));
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->value->Find("HT")->document_symbol(), "BC-STTTT");
  EXPECT_EQ((*file)->At(absl::CivilDay(2030, 1, 1)), v);
}

// Every unit the file names is a unit of the tree in its version's days.
TEST(SettingsFileTest, UnitsTheTreeDoesNotHoldAreNamed) {
  const auto tree = testing::TreeFromCsv(
      "code,name,level,parent_code,valid_from,valid_to\n"
      "HT,Hà Tĩnh,province,,,\n"
      "HT-D01,Huyện 1,district,HT,,2025-06-30\n");
  auto file = LoadSettingsVersions(Written("settings-units.json", TwoEras()));
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_TRUE(CheckSettingsUnits(**file, *tree).ok());

  json district = TwoEras();
  district["versions"][1]["units"]["HT-D01"] =
      UnitSettings("PHÒNG VĂN HÓA VÀ THÔNG TIN", "BC-VHTT");
  file = LoadSettingsVersions(Written("settings-units.json", district));
  ASSERT_TRUE(file.ok()) << file.status();
  // From 2025-03-01 on: the district is in the tree until 2025-06-30.
  EXPECT_TRUE(CheckSettingsUnits(**file, *tree).ok());

  json mistyped = TwoEras();
  mistyped["versions"][0]["units"]["HT-D1"] =
      UnitSettings("PHÒNG VĂN HÓA VÀ THÔNG TIN", "BC-VHTT");
  file = LoadSettingsVersions(Written("settings-units.json", mistyped));
  ASSERT_TRUE(file.ok()) << file.status();
  const absl::Status s = CheckSettingsUnits(**file, *tree);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(
      s.message(), "versions[0] (from 2008-04-01): units.HT-D1: no such unit"))
      << s;
}

}  // namespace
}  // namespace dtr::report
