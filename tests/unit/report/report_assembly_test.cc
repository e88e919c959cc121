// Putting one version of a report together from figures alone, without a
// service or a store: four renderings from the same content, each with its
// SHA-256 in the archive record and the JSON, the figures with their
// counts, the published figures checked, a partial report saying what it
// lacks, and the changes since the version it follows.
#include "services/report/report_assembly.h"

#include <string>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "openssl/sha.h"
#include "services/report/template_set.h"

namespace dtr::report {
namespace {

// Computed here with OpenSSL's one-shot SHA256(), not the service's code.
std::string Sha256(const std::string& bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
         digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

common::v1::Ratio Rate(int64_t numerator, int64_t denominator) {
  common::v1::Ratio r;
  r.set_numerator(numerator);
  r.set_denominator(denominator);
  r.set_ratio(static_cast<double>(numerator) / denominator);
  return r;
}

// The stats service's answer: the sample's digitization, all at province
// level.
stats::v1::GetIndicatorsResponse Indicators(int64_t digitized) {
  stats::v1::GetIndicatorsResponse r;
  r.mutable_unit()->set_code("HT");
  r.mutable_unit()->set_name("Tỉnh Hà Tĩnh");
  r.mutable_unit()->set_level("province");
  stats::v1::IndicatorSet* total = r.mutable_total();
  total->set_dossiers_received(434846);
  *total->mutable_digitization() = Rate(digitized, 237121);
  *total->mutable_on_time() = Rate(230000, 237121);
  *total->mutable_online_submission() = Rate(293670, 407595);
  *total->mutable_full_process_online() = Rate(100000, 150000);
  stats::v1::LevelIndicators* province = r.add_levels();
  province->set_level("province");
  *province->mutable_indicators() = *total;
  return r;
}

class ReportAssemblyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto templates =
        TemplateSet::LoadDir(DTR_SOURCE_DIR "/services/report/templates");
    ASSERT_TRUE(templates.ok()) << templates.status();
    templates_ = *templates;
    sources_.current.stats_ytd = Indicators(141616);
    sources_.current.stats_month = Indicators(141616);
    sources_.current.payments = Indicators(141616);
    in_.request.set_unit_code("HT");
    in_.request.set_period("2023-10");
    in_.month = absl::CivilMonth(2023, 10);
    in_.payments_through = absl::CivilDay(2023, 10, 31);
    in_.sources = &sources_;
    in_.settings.set_unit_code("HT");
    in_.settings.set_issuer("SỞ THÔNG TIN VÀ TRUYỀN THÔNG");
    in_.settings.set_document_symbol("BC-STTTT");
    in_.settings.set_place("Hà Tĩnh");
    in_.settings.set_signer_name("Nguyễn Văn A");
    in_.missing = {"security", "workforce"};
    in_.version = 2;
    in_.generated_at = absl::FromUnixSeconds(1700000000);
    in_.generated_by = "tester";
  }

  std::shared_ptr<const TemplateSet> templates_;
  SourceFigures sources_;
  AssemblyInput in_;
};

TEST_F(ReportAssemblyTest, FourRenderingsEachWithItsSha256) {
  auto report = AssembleReport(in_, *templates_);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->renderings.size(), 4u);
  ASSERT_EQ(report->meta.renderings_size(), 4);
  auto json = nlohmann::json::parse(report->renderings[v1::FORMAT_JSON]);
  for (const v1::Rendering& r : report->meta.renderings()) {
    const std::string& bytes = report->renderings[r.format()];
    EXPECT_FALSE(bytes.empty());
    EXPECT_EQ(r.sha256(), Sha256(bytes)) << r.file_name();
    EXPECT_EQ(r.size(), static_cast<int64_t>(bytes.size()));
  }
  EXPECT_EQ(json["sha256"]["docx"],
            Sha256(report->renderings[v1::FORMAT_DOCX]));
  EXPECT_EQ(json["sha256"]["md"],
            Sha256(report->renderings[v1::FORMAT_MARKDOWN]));
  EXPECT_EQ(report->meta.renderings(0).file_name(), "HT-2023-10.docx");
  // The DOCX is a ZIP package.
  EXPECT_EQ(report->renderings[v1::FORMAT_DOCX].substr(0, 2), "PK");
}

TEST_F(ReportAssemblyTest,
       FiguresKeepTheirCountsAndAreWrittenTheVietnameseWay) {
  auto report = AssembleReport(in_, *templates_);
  ASSERT_TRUE(report.ok()) << report.status();
  auto json = nlohmann::json::parse(report->renderings[v1::FORMAT_JSON]);
  bool found = false;
  for (const auto& figure : json["figures"]) {
    if (figure["key"] != "stats.total.digitization") continue;
    found = true;
    EXPECT_EQ(figure["numerator"], 141616);
    EXPECT_EQ(figure["denominator"], 237121);
  }
  EXPECT_TRUE(found);
  // 141.616 / 237.121 = 59,72%.
  const std::string& markdown = report->renderings[v1::FORMAT_MARKDOWN];
  EXPECT_NE(markdown.find("59,72%"), std::string::npos);
  EXPECT_NE(report->renderings[v1::FORMAT_HTML].find("59,72%"),
            std::string::npos);
}

TEST_F(ReportAssemblyTest, APartialReportSaysWhatItLacks) {
  auto report = AssembleReport(in_, *templates_);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->meta.partial());
  ASSERT_EQ(report->meta.missing_services_size(), 2);
  EXPECT_EQ(report->meta.missing_services(0), "security");
  auto json = nlohmann::json::parse(report->renderings[v1::FORMAT_JSON]);
  EXPECT_EQ(json["partial"], true);
  EXPECT_TRUE(json["security"].is_null());
  EXPECT_EQ(json["version"], 2);
  EXPECT_EQ(json["unit_name"], "Tỉnh Hà Tĩnh");
}

TEST_F(ReportAssemblyTest, APublishedFigureThatDiffersIsListed) {
  v1::PublishedFigure published;
  published.set_figure("stats.total.digitization");
  published.set_value(57.53);
  published.set_decimals(2);
  in_.published = {published};
  auto report = AssembleReport(in_, *templates_);
  ASSERT_TRUE(report.ok()) << report.status();
  bool listed = false;
  for (const v1::Inconsistency& i : report->meta.inconsistencies()) {
    if (i.figure() == "stats.total.digitization" && i.check() == "published") {
      listed = true;
    }
  }
  EXPECT_TRUE(listed);
}

TEST_F(ReportAssemblyTest, ChangesSinceThePreviousVersionAreListed) {
  PeriodFigures before;
  before.stats_ytd = Indicators(140000);
  before.stats_month = Indicators(140000);
  before.payments = Indicators(140000);
  in_.previous_version = FiguresOf(before);
  auto report = AssembleReport(in_, *templates_);
  ASSERT_TRUE(report.ok()) << report.status();
  bool changed = false;
  for (const v1::FigureChange& c :
       report->meta.changes_since_previous_version()) {
    if (c.figure() == "stats.total.digitization") {
      changed = true;
      EXPECT_EQ(c.before(), "140000/237121");
      EXPECT_EQ(c.after(), "141616/237121");
    }
  }
  EXPECT_TRUE(changed);
  // The same figures again: no change.
  in_.previous_version = FiguresOf(sources_.current);
  auto same = AssembleReport(in_, *templates_);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->meta.changes_since_previous_version_size(), 0);
}

}  // namespace
}  // namespace dtr::report
