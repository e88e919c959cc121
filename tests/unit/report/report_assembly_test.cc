// Putting one version of a report together from figures alone, without a
// service or a store: four renderings from the same content, each with its
// SHA-256 in the archive record and the JSON, the figures with their
// counts, the published figures checked, a partial report saying what it
// lacks, and the changes since the version it follows.
#include "services/report/report_assembly.h"

#include <regex>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
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
  total->mutable_payments()->set_units_with_payments(12);
  total->mutable_payments()->set_successful_transactions(77800);
  total->mutable_payments()->set_amount_vnd(4920426000);
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

TEST_F(ReportAssemblyTest, SixRenderingsEachWithItsSha256) {
  auto report = AssembleReport(in_, *templates_);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->renderings.size(), 6u);
  ASSERT_EQ(report->meta.renderings_size(), 6);
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
  EXPECT_EQ(json["sha256"]["pdf"], Sha256(report->renderings[v1::FORMAT_PDF]));
  EXPECT_EQ(json["sha256"]["xlsx"],
            Sha256(report->renderings[v1::FORMAT_XLSX]));
  EXPECT_EQ(report->meta.renderings(0).file_name(), "HT-2023-10.docx");
  EXPECT_EQ(report->meta.renderings(4).file_name(), "HT-2023-10.pdf");
  EXPECT_EQ(report->meta.renderings(4).media_type(), "application/pdf");
  EXPECT_EQ(report->meta.renderings(5).file_name(), "HT-2023-10.xlsx");
  // The DOCX and the XLSX are ZIP packages, the PDF a PDF.
  EXPECT_EQ(report->renderings[v1::FORMAT_XLSX].substr(0, 2), "PK");
  EXPECT_EQ(report->renderings[v1::FORMAT_DOCX].substr(0, 2), "PK");
  EXPECT_EQ(report->renderings[v1::FORMAT_PDF].substr(0, 5), "%PDF-");
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

TEST_F(ReportAssemblyTest, TheSelfCheckNamesFiguresInVietnamese) {
  v1::PublishedFigure published;
  published.set_figure("stats.total.digitization");
  published.set_value(57.53);
  published.set_decimals(2);
  in_.published = {published};
  auto report = AssembleReport(in_, *templates_);
  ASSERT_TRUE(report.ok()) << report.status();
  const std::string& markdown = report->renderings[v1::FORMAT_MARKDOWN];
  EXPECT_TRUE(absl::StrContains(
      markdown, "- Tỷ lệ hồ sơ TTHC được số hoá, tổng cộng: đã công bố"))
      << markdown.substr(markdown.find("Kiểm tra số liệu"));
  EXPECT_FALSE(absl::StrContains(markdown, "stats.total.digitization"));
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
  // A version made before the report had a figure (the digitization
  // group's recorded rates): no change while nothing is counted in it,
  // one once something is.
  FigureMap older = FiguresOf(sources_.current);
  for (auto it = older.begin(); it != older.end();) {
    it = absl::StrContains(it->first, "component_digitization")
             ? older.erase(it)
             : std::next(it);
  }
  in_.previous_version = older;
  auto added = AssembleReport(in_, *templates_);
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added->meta.changes_since_previous_version_size(), 0);
  *sources_.current.stats_ytd->mutable_total()
       ->mutable_component_digitization() = Rate(5, 8);
  auto counted = AssembleReport(in_, *templates_);
  ASSERT_TRUE(counted.ok());
  ASSERT_EQ(counted->meta.changes_since_previous_version_size(), 1);
  EXPECT_EQ(counted->meta.changes_since_previous_version(0).figure(),
            "stats.total.component_digitization");
  EXPECT_EQ(counted->meta.changes_since_previous_version(0).after(), "5/8");
}

// The footer says when, as a clock in the province read it, to the minute:
// 1700000000 is 2023-11-14T22:13:20Z, 05:13 on the 15th in Hà Tĩnh.
TEST_F(ReportAssemblyTest, TheFooterGivesTheLocalTimeToTheMinute) {
  auto report = AssembleReport(in_, *templates_);
  ASSERT_TRUE(report.ok()) << report.status();
  for (v1::Format f : {v1::FORMAT_MARKDOWN, v1::FORMAT_HTML}) {
    const std::string& text = report->renderings[f];
    EXPECT_TRUE(absl::StrContains(text, "lập lúc 05:13 ngày 15/11/2023")) << f;
    EXPECT_FALSE(absl::StrContains(text, "2023-11-14T22:13:20")) << f;
  }
  // The JSON keeps the exact instant.
  auto json = nlohmann::json::parse(report->renderings[v1::FORMAT_JSON]);
  EXPECT_EQ(json["generated_at"], "2023-11-14T22:13:20Z");
}

// Prose writes 52,1%; a table column writes every percentage with two
// decimals, so that 52,10% stands beside 66,42%.
TEST_F(ReportAssemblyTest, TableCellsKeepTwoDecimals) {
  *sources_.current.stats_ytd->mutable_total()->mutable_full_process_online() =
      Rate(35516, 68164);
  *sources_.current.stats_ytd->mutable_levels(0)
       ->mutable_indicators()
       ->mutable_full_process_online() = Rate(35516, 68164);
  auto report = AssembleReport(in_, *templates_);
  ASSERT_TRUE(report.ok()) << report.status();
  const std::string& markdown = report->renderings[v1::FORMAT_MARKDOWN];
  EXPECT_TRUE(absl::StrContains(markdown, "đạt tỷ lệ 52,1% "));
  EXPECT_TRUE(absl::StrContains(markdown, "| 35.516/68.164 (52,10%) |"));
  // No table cell has a percentage with fewer than two decimals.
  const std::regex short_percent(R"((^|[^,0-9])[0-9]+(,[0-9])?%)");
  for (absl::string_view line : absl::StrSplit(markdown, '\n')) {
    if (!absl::StartsWith(line, "|")) continue;
    EXPECT_FALSE(std::regex_search(std::string(line), short_percent)) << line;
  }
}

// The digitization group's two rates a dossier may leave unsaid: said
// only when some dossier records them, then with their counts.
TEST_F(ReportAssemblyTest, ComponentsAndReuseAreSaidWhenRecorded) {
  auto report = AssembleReport(in_, *templates_);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_FALSE(absl::StrContains(report->renderings[v1::FORMAT_MARKDOWN],
                                 "Số hoá thành phần hồ sơ khi tiếp nhận"));
  stats::v1::IndicatorSet* total = sources_.current.stats_ytd->mutable_total();
  *total->mutable_component_digitization() = Rate(1200, 1600);
  *total->mutable_result_reuse() = Rate(300, 1000);
  report = AssembleReport(in_, *templates_);
  ASSERT_TRUE(report.ok()) << report.status();
  const std::string& markdown = report->renderings[v1::FORMAT_MARKDOWN];
  EXPECT_TRUE(absl::StrContains(
      markdown,
      "Số hoá thành phần hồ sơ khi tiếp nhận là 1.200/1.600 hồ sơ có ghi "
      "nhận, đạt tỷ lệ 75%"))
      << markdown.substr(0, 3000);
  EXPECT_TRUE(absl::StrContains(
      markdown,
      "Tái sử dụng kết quả số hoá trong giải quyết TTHC là 300/1.000 hồ sơ "
      "có ghi nhận, đạt tỷ lệ 30%"));
  const auto json = nlohmann::json::parse(report->renderings[v1::FORMAT_JSON]);
  bool listed = false;
  for (const auto& f : json["figures"]) {
    if (f["key"] == "stats.total.component_digitization") {
      listed = f["numerator"] == 1200 && f["denominator"] == 1600;
    }
  }
  EXPECT_TRUE(listed);
}

// "Số:        /BC" and "ngày      tháng" are blanks a hand fills in; HTML
// would collapse ordinary spaces into one.
TEST_F(ReportAssemblyTest, TheBlanksForTheHandSurviveInHtml) {
  auto report = AssembleReport(in_, *templates_);
  ASSERT_TRUE(report.ok()) << report.status();
  std::string eight, six;
  for (int i = 0; i < 8; ++i) eight += "\xC2\xA0";
  for (int i = 0; i < 6; ++i) six += "\xC2\xA0";
  for (v1::Format f : {v1::FORMAT_MARKDOWN, v1::FORMAT_HTML}) {
    const std::string& text = report->renderings[f];
    EXPECT_TRUE(absl::StrContains(text, "Số:" + eight + "/BC-STTTT")) << f;
    EXPECT_TRUE(absl::StrContains(text, "ngày" + six + "tháng 10 năm 2023"))
        << f;
  }
}

// A month nobody has loaded yet: the sections say there are no records
// instead of "ở 00 cấp chính quyền", "đạt tỷ lệ  (trong đó: )" and "0/0 ()".
TEST_F(ReportAssemblyTest, AMonthWithNoRecordsSaysSo) {
  stats::v1::GetIndicatorsResponse nothing;
  nothing.mutable_unit()->set_code("HT");
  nothing.mutable_unit()->set_name("Tỉnh Hà Tĩnh");
  sources_.current.stats_ytd = nothing;
  sources_.current.stats_month = nothing;
  sources_.current.payments = nothing;
  auto report = AssembleReport(in_, *templates_);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(std::vector<std::string>(report->meta.empty_blocks().begin(),
                                     report->meta.empty_blocks().end()),
            (std::vector<std::string>{"payments", "stats", "stats_month"}));
  auto json = nlohmann::json::parse(report->renderings[v1::FORMAT_JSON]);
  EXPECT_EQ(json["empty_blocks"].size(), 3u);
  for (v1::Format f : {v1::FORMAT_MARKDOWN, v1::FORMAT_HTML}) {
    const std::string& text = report->renderings[f];
    EXPECT_TRUE(absl::StrContains(text, "MỘT SỐ MỤC CHƯA CÓ SỐ LIỆU")) << f;
    EXPECT_TRUE(absl::StrContains(
        text, "chưa có hồ sơ thủ tục hành chính nào được ghi nhận"))
        << f;
    for (const char* hollow : {"00 cấp chính quyền", "đạt tỷ lệ  (",
                               "(trong đó: )", "0/0 ()", "()"}) {
      EXPECT_FALSE(absl::StrContains(text, hollow)) << f << ": " << hollow;
    }
  }
  // The appendix says the same, with no change against the month before
  // (which would read as a fall to nothing).
  const std::string& markdown = report->renderings[v1::FORMAT_MARKDOWN];
  EXPECT_TRUE(absl::StrContains(
      markdown,
      "| Hồ sơ TTHC được số hoá | chưa có số liệu | chưa có số liệu |"))
      << markdown;
  // With the records, no such note.
  sources_.current.stats_ytd = Indicators(141616);
  sources_.current.stats_month = Indicators(141616);
  sources_.current.payments = Indicators(141616);
  auto loaded = AssembleReport(in_, *templates_);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->meta.empty_blocks_size(), 0);
  EXPECT_FALSE(absl::StrContains(loaded->renderings[v1::FORMAT_MARKDOWN],
                                 "hưa có số liệu"));
}

// The year has records but the month has none yet: the year to date is
// printed, and the banner, the section and the month's column say the
// month is missing.
TEST_F(ReportAssemblyTest, AMonthWithNoRecordsOfItsOwnSaysSo) {
  stats::v1::GetIndicatorsResponse nothing;
  nothing.mutable_unit()->set_code("HT");
  sources_.current.stats_month = nothing;
  auto report = AssembleReport(in_, *templates_);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(std::vector<std::string>(report->meta.empty_blocks().begin(),
                                     report->meta.empty_blocks().end()),
            (std::vector<std::string>{"stats_month"}));
  const std::string& markdown = report->renderings[v1::FORMAT_MARKDOWN];
  EXPECT_TRUE(absl::StrContains(
      markdown,
      "chưa có số liệu về hồ sơ thủ tục hành chính tiếp nhận trong "
      "tháng của kỳ báo cáo"))
      << markdown;
  EXPECT_TRUE(absl::StrContains(markdown, "Chưa có số liệu của tháng"));
  EXPECT_TRUE(absl::StrContains(markdown, "đạt tỷ lệ 59,72%"));
  EXPECT_TRUE(absl::StrContains(
      markdown,
      "| Hồ sơ TTHC được số hoá | chưa có số liệu | 141.616/237.121 "
      "(59,72%) |"))
      << markdown;
}

// A rate with nothing to divide by, in a block that has records: the
// sentence leaves the rate out and the table cell is "—", not "0/0 ()" or
// "đạt tỷ lệ ;".
TEST_F(ReportAssemblyTest, ARateWithoutADenominatorIsLeftOut) {
  common::v1::Ratio none;
  for (stats::v1::GetIndicatorsResponse* r :
       {&*sources_.current.stats_ytd, &*sources_.current.stats_month}) {
    *r->mutable_total()->mutable_full_process_online() = none;
    *r->mutable_levels(0)->mutable_indicators()->mutable_full_process_online() =
        none;
  }
  auto report = AssembleReport(in_, *templates_);
  ASSERT_TRUE(report.ok()) << report.status();
  const std::string& markdown = report->renderings[v1::FORMAT_MARKDOWN];
  EXPECT_TRUE(absl::StrContains(markdown, "toàn trình là 0/0 hồ sơ (trong đó"))
      << markdown;
  for (const char* hollow :
       {"đạt tỷ lệ ;", "đạt tỷ lệ )", "đạt tỷ lệ  (", "0/0 ()", "()"}) {
    EXPECT_FALSE(absl::StrContains(markdown, hollow)) << hollow;
  }
  EXPECT_TRUE(absl::StrContains(markdown,
                                "| 434.846 | 293.670/407.595 "
                                "(72,05%) | — |"))
      << markdown;
}

// A change that rounds to nothing has no sign.
TEST_F(ReportAssemblyTest, AChangeThatRoundsToNothingHasNoSign) {
  PeriodFigures before;
  before.stats_ytd = Indicators(141615);
  before.stats_month = Indicators(141615);
  before.payments = Indicators(141615);
  const FigureMap previous = FiguresOf(before);
  in_.previous = previous;
  auto report = AssembleReport(in_, *templates_);
  ASSERT_TRUE(report.ok()) << report.status();
  const std::string& markdown = report->renderings[v1::FORMAT_MARKDOWN];
  EXPECT_TRUE(absl::StrContains(markdown, "(59,72%) | 0,00\u00a0điểm\u00a0% |"))
      << markdown;
  EXPECT_FALSE(absl::StrContains(markdown, "+0,00")) << markdown;
}

}  // namespace
}  // namespace dtr::report
