#include "common/dated_versions.h"

#include "common/fingerprint.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace dtr {
namespace {

// A version's content: one number, which must be positive.
struct Limit {
  int value = 0;
  uint64_t print = 0;
  uint64_t fingerprint() const { return print; }

  static absl::StatusOr<std::shared_ptr<const Limit>> Parse(
      absl::string_view text) {
    nlohmann::json j =
        nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (!j.is_object() || !j.value("limit", nlohmann::json()).is_number() ||
        j["limit"].get<int>() <= 0) {
      return absl::InvalidArgumentError("limits: limit must be positive");
    }
    auto out = std::make_shared<Limit>();
    out->value = j["limit"].get<int>();
    out->print = Fingerprint(j.dump());
    return std::shared_ptr<const Limit>(std::move(out));
  }
};

using Limits = DatedVersions<Limit>;

constexpr char kBasis[] =
    R"("legal_basis": {"number": "1/2020/TT", "date": "2020-01-01"})";

std::string Version(const std::string& from, const std::string& to, int limit) {
  return "{\"valid_from\": \"" + from + "\", " +
         (to.empty() ? "" : "\"valid_to\": \"" + to + "\", ") + kBasis +
         ", \"limit\": " + std::to_string(limit) + "}";
}

absl::StatusOr<std::shared_ptr<const Limits>> Parse(
    const std::vector<std::string>& versions) {
  std::string text = "{\"versions\": [";
  for (size_t i = 0; i < versions.size(); ++i) {
    text += (i ? ", " : "") + versions[i];
  }
  return Limits::Parse("limits", text + "]}", &Limit::Parse);
}

TEST(DatedVersionsTest, EachDayHasTheVersionInForce) {
  auto limits = Parse(
      {Version("2020-01-01", "2023-12-31", 5), Version("2024-01-01", "", 7)});
  ASSERT_TRUE(limits.ok()) << limits.status();
  EXPECT_EQ((*limits)->At(absl::CivilDay(2019, 12, 31)), nullptr);
  EXPECT_EQ((*limits)->At(absl::CivilDay(2020, 1, 1))->value->value, 5);
  EXPECT_EQ((*limits)->At(absl::CivilDay(2023, 12, 31))->value->value, 5);
  EXPECT_EQ((*limits)->At(absl::CivilDay(2024, 1, 1))->value->value, 7);
  EXPECT_EQ((*limits)->At(absl::CivilDay(2090, 6, 1))->value->value, 7);
  const auto* first = (*limits)->At(absl::CivilDay(2021, 3, 3));
  EXPECT_EQ(first->meta.kind(), "limits");
  EXPECT_EQ(first->meta.valid_from(), "2020-01-01");
  EXPECT_EQ(first->meta.valid_to(), "2023-12-31");
  EXPECT_EQ(first->meta.legal_basis().number(), "1/2020/TT");
  EXPECT_EQ(first->meta.fingerprint().size(), 16u);
  auto none = (*limits)->InForce(absl::CivilDay(2019, 1, 1));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(none.status().message().find("2019-01-01"), std::string::npos);
}

// Ending a version to add a later one keeps the earlier content's
// fingerprint, so its cached answers stay valid; a changed content does not.
TEST(DatedVersionsTest, AFingerprintCoversTheContentOnly) {
  auto before = Parse({Version("2020-01-01", "", 5)});
  auto after = Parse(
      {Version("2020-01-01", "2023-12-31", 5), Version("2024-01-01", "", 7)});
  auto changed = Parse({Version("2020-01-01", "", 6)});
  ASSERT_TRUE(before.ok() && after.ok() && changed.ok());
  const absl::CivilDay day(2022, 5, 5);
  EXPECT_EQ((*before)->At(day)->meta.fingerprint(),
            (*after)->At(day)->meta.fingerprint());
  EXPECT_NE((*after)->At(day)->meta.fingerprint(),
            (*after)->At(absl::CivilDay(2024, 1, 1))->meta.fingerprint());
  EXPECT_NE((*before)->At(day)->meta.fingerprint(),
            (*changed)->At(day)->meta.fingerprint());
}

void ExpectRefused(const std::vector<std::string>& versions,
                   const std::string& names) {
  auto limits = Parse(versions);
  ASSERT_FALSE(limits.ok()) << names;
  EXPECT_EQ(limits.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(limits.status().message().find(names), std::string::npos)
      << limits.status().message();
}

TEST(DatedVersionsTest, OverlapsGapsAndMissingFieldsAreRefusedNamingTheEntry) {
  ExpectRefused(
      {Version("2020-01-01", "2023-12-31", 5), Version("2023-06-01", "", 7)},
      "limits: versions[1]: valid_from 2023-06-01 overlaps "
      "versions[0], in force to 2023-12-31");
  ExpectRefused(
      {Version("2020-01-01", "2023-12-31", 5), Version("2024-02-01", "", 7)},
      "versions[1]: valid_from 2024-02-01 leaves 2024-01-01 to "
      "2024-01-31 without a version");
  ExpectRefused({Version("2020-01-01", "", 5), Version("2024-01-01", "", 7)},
                "versions[0]: has no valid_to");
  ExpectRefused({Version("2020-01-01", "2019-12-31", 5)},
                "versions[0]: valid_to is before valid_from");
  ExpectRefused({Version("2020-02-30", "", 5)},
                "versions[0]: valid_from must be a day");
  ExpectRefused({R"({"valid_from": "2020-01-01", "limit": 5})"},
                "versions[0]: legal_basis is required");
  ExpectRefused(
      {R"({"valid_from": "2020-01-01", "legal_basis": {"number": "1"}, "limit": 5})"},
      "versions[0]: legal_basis.date is required");
  ExpectRefused(
      {Version("2020-01-01", "2023-12-31", 5), Version("2024-01-01", "", 0)},
      "limits: versions[1] (from 2024-01-01): limit must be "
      "positive");
  ExpectRefused({}, "limits: versions must be a list of at least one");
  ExpectRefused(
      {R"({"valid_from": "2020-01-01", "legal_basis": "1/2020/TT", "limit": 5})"},
      "versions[0]: legal_basis must be an object");
  auto beside = Limits::Parse(
      "limits",
      "{\"limit\": 5, \"versions\": [" + Version("2020-01-01", "", 5) + "]}",
      &Limit::Parse);
  ASSERT_FALSE(beside.ok());
  EXPECT_NE(beside.status().message().find(
                "limits: limit belongs in a version: beside \"versions\""),
            std::string::npos)
      << beside.status().message();
}

TEST(DatedVersionsTest, AFileWithoutVersionsIsInForceOnEveryDay) {
  auto limits = Limits::Parse("limits", R"({"limit": 3})", &Limit::Parse);
  ASSERT_TRUE(limits.ok()) << limits.status();
  ASSERT_EQ((*limits)->versions().size(), 1u);
  EXPECT_EQ((*limits)->versions()[0].meta.valid_from(), "");  // no days
  EXPECT_EQ((*limits)->At(absl::CivilDay(1990, 1, 1))->value->value, 3);
  EXPECT_EQ((*limits)->At(absl::CivilDay(2090, 1, 1))->value->value, 3);
}

}  // namespace
}  // namespace dtr
