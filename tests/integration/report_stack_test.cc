// The whole stack on free ports: Redis, the stats, security and workforce
// services loaded with the sample month, and the report service. The
// month's report carries every exact figure of the fixture in all four
// renderings (the DOCX read back by python3-docx); a service that is down
// fails the report, or marks it when a partial report is allowed; versions
// are archived and compared; a unit tree without districts renders without
// a district row.
//
// One process for all (the sample is loaded once); tests run in order.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "common/dates.h"
#include "dtr/report/v1/report.grpc.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/test_processes.h"

namespace dtr::testing {
namespace {

namespace rv1 = report::v1;
using nlohmann::json;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

json Fixture() {
  return json::parse(ReadFile(TestDataPath("ha-tinh-2023-10.json")));
}

std::string Sha256Of(const std::string& path) {
  CommandResult r = RunCommand({"sha256sum", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out.substr(0, 64);
}

const json& Level(const json& summary, const std::string& level) {
  return summary["levels"][level];
}

class ReportStackTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fixture_ = new json(Fixture());
    dir_ = new std::string(MakeTempDir());
    ASSERT_EQ(RunCommand({BinPath("dtctl"), "sample", "write", "--out", *dir_})
                  .exit_code,
              0);
    const std::string units = *dir_ + "/units.csv";
    redis_ = new RedisServer();
    stats_ = new StatsServer(units, redis_->address());
    security_ = new SecurityServer(units, redis_->address());
    workforce_ = new WorkforceServer(units, redis_->address());
    const std::string from = (*fixture_)["period"]["from"];
    const std::string to = (*fixture_)["period"]["to"];
    auto import = [](const std::vector<std::string>& args,
                     const std::string& server) {
      std::vector<std::string> argv = {BinPath("dtctl")};
      argv.insert(argv.end(), args.begin(), args.end());
      argv.push_back("--server");
      argv.push_back(server);
      CommandResult r = RunCommand(argv);
      ASSERT_EQ(r.exit_code, 0) << args[0] << " " << args[1] << ": " << r.err;
    };
    for (const char* kind : {"dossiers", "payments"}) {
      import({kind, "import", *dir_ + "/" + kind + ".csv"}, stats_->address());
    }
    for (const char* kind : {"systems", "controls", "endpoints", "incidents"}) {
      import({"security", kind, "import", *dir_ + "/" + kind + ".csv",
              "--effective", std::string(kind) == "systems" ? from : to},
             security_->address());
    }
    for (const char* kind : {"staff", "absences", "courses", "attendance"}) {
      import({"workforce", kind, "import", *dir_ + "/" + kind + ".csv"},
             workforce_->address());
    }
    // Every agency is asked for §1.4 each month: none has answered, so the
    // dashboards' panel of who has not reported has rows.
    const std::string defaults = *dir_ + "/contribution-defaults.json";
    std::ofstream(defaults) << R"({"versions": [{"from": "2023-01",
        "sections": [{"section": "data", "levels": ["province"]}]}]})";
    report_ = new ReportServer(
        stats_->address(), security_->address(), workforce_->address(),
        *dir_ + "/report.db",
        {"--units=" + units, "--contribution-defaults=" + defaults});
    import({"narrative", "import", *dir_ + "/narratives.json"},
           report_->address());
    import({"report", "settings", "put", *dir_ + "/report-settings.json"},
           report_->address());
  }

  static void TearDownTestSuite() {
    delete report_;
    delete workforce_;
    delete security_;
    delete stats_;
    delete redis_;
    delete dir_;
    delete fixture_;
  }

  static std::string Unit() { return (*fixture_)["province"]["code"]; }
  static std::string Period() {
    return std::string((*fixture_)["period"]["to"]).substr(0, 7);
  }

  // `dtctl report generate` for the sample month into a new directory.
  static CommandResult Generate(const std::string& server,
                                const std::string& out,
                                std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {
        BinPath("dtctl"),
        "report",
        "generate",
        "--unit",
        Unit(),
        "--period",
        Period(),
        "--payments-through",
        (*fixture_)["public_services"]["online_payment"]["window"]["to"],
        "--out",
        out,
        "--server",
        server};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return RunCommand(argv);
  }

  static std::string Rendering(const std::string& out, const char* ext) {
    return ReadFile(absl::StrCat(out, "/", Unit(), "-", Period(), ".", ext));
  }

  static json* fixture_;
  static std::string* dir_;
  static RedisServer* redis_;
  static StatsServer* stats_;
  static SecurityServer* security_;
  static WorkforceServer* workforce_;
  static ReportServer* report_;
};

json* ReportStackTest::fixture_ = nullptr;
std::string* ReportStackTest::dir_ = nullptr;
RedisServer* ReportStackTest::redis_ = nullptr;
StatsServer* ReportStackTest::stats_ = nullptr;
SecurityServer* ReportStackTest::security_ = nullptr;
WorkforceServer* ReportStackTest::workforce_ = nullptr;
ReportServer* ReportStackTest::report_ = nullptr;

TEST_F(ReportStackTest, TheJsonCarriesEveryExactFigureOfTheFixture) {
  const std::string out = MakeTempDir();
  CommandResult r = Generate(report_->address(), out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json report = json::parse(Rendering(out, "json"));
  const json& f = *fixture_;
  EXPECT_EQ(report["unit"], Unit());
  EXPECT_EQ(report["period"], Period());
  EXPECT_EQ(report["version"], 1);
  EXPECT_FALSE(report["generated_at"].get<std::string>().empty());
  EXPECT_FALSE(report["partial"].get<bool>());
  // The indicator definitions and the controls catalogue applied are the
  // versions in force at the period's end (the shipped files': Decision
  // 766/QĐ-TTg, Circular 12/2022/TT-BTTTT).
  ASSERT_EQ(report["rule_versions"].size(), 4u);
  const json& indicators = report["rule_versions"][0];
  EXPECT_EQ(indicators["kind"], "indicators");
  EXPECT_EQ(indicators["legal_basis"]["number"], "766/QĐ-TTg");
  EXPECT_TRUE(indicators["valid_to"].is_null());
  const json& controls = report["rule_versions"][1];
  EXPECT_EQ(controls["kind"], "controls");
  EXPECT_EQ(controls["valid_from"], "2022-10-01");
  EXPECT_EQ(controls["legal_basis"]["number"], "12/2022/TT-BTTTT");
  EXPECT_EQ(controls["fingerprint"].get<std::string>().size(), 16u);
  EXPECT_EQ(report["security"]["controls_version"], controls);
  // The settings, undated: in force from the start, with no end.
  const json& settings = report["rule_versions"][2];
  EXPECT_EQ(settings["kind"], "settings");
  EXPECT_EQ(settings["valid_from"], "");
  EXPECT_TRUE(settings["valid_to"].is_null());
  // The templates of 2023's form, which ends before the 2025 merger.
  const json& templates = report["rule_versions"][3];
  EXPECT_EQ(templates["kind"], "templates");
  EXPECT_EQ(templates["valid_to"], "2025-02-28");
  EXPECT_EQ(templates["fingerprint"].get<std::string>().size(), 16u);

  // Public services, year to date, per level and in total.
  const json& ps = f["public_services"];
  const json& stats = report["stats"];
  EXPECT_EQ(stats["from"], f["period"]["from"]);
  EXPECT_EQ(stats["to"], f["period"]["to"]);
  for (const std::string level : {"all", "province", "district", "commune"}) {
    const json& block = level == "all" ? stats["total"] : Level(stats, level);
    EXPECT_EQ(block["dossiers_received"], ps["dossiers_received"][level]);
    for (const char* rate : {"online_submission", "full_process_online"}) {
      EXPECT_EQ(block[rate]["numerator"], ps[rate]["numerator"][level]);
      EXPECT_EQ(block[rate]["denominator"], ps[rate]["denominator"][level]);
    }
    EXPECT_EQ(block["digitization"]["numerator"],
              ps["digitization"]["numerator"][level]);
    if (level != "all") {
      EXPECT_EQ(block["digitization"]["denominator"],
                ps["digitization"]["implied_denominator"][level]);
    }
  }
  // The online-payment window.
  const json& payments = report["payments"]["total"]["payments"];
  EXPECT_EQ(report["payments"]["to"], ps["online_payment"]["window"]["to"]);
  EXPECT_EQ(payments["units_with_payments"],
            ps["online_payment"]["units_with_payments"]);
  EXPECT_EQ(payments["successful_transactions"],
            ps["online_payment"]["successful_transactions"]);
  EXPECT_EQ(
      payments["amount_vnd"].get<int64_t>(),
      std::llround(ps["online_payment"]["amount_million_vnd"].get<double>() *
                   1e6));
  // Security, as of the month's last day.
  const json& security = report["security"];
  for (const char* level : {"province", "district"}) {
    const json& approved = Level(security, level)["approved_dossier"];
    EXPECT_EQ(approved["numerator"].get<int64_t>() * 100,
              approved["denominator"].get<int64_t>() *
                  f["security"]["information_systems"]
                   ["level_dossier_approved_share_province_and_district"]
                       .get<int64_t>());
  }
  EXPECT_EQ(Level(security, "commune")["approved_dossier"]["numerator"],
            f["security"]["information_systems"]
             ["commune_systems_with_approved_dossier"]);
  EXPECT_EQ(security["total"]["endpoints"]["workstation"]["central"],
            f["security"]["antimalware_central"]["workstations"]);
  EXPECT_EQ(security["total"]["endpoints"]["server"]["central"],
            f["security"]["antimalware_central"]["servers"]);
  EXPECT_EQ(security["total"]["soc_monitored"]["numerator"], 0);
  // Workforce, year to date.
  const json& w = f["workforce"];
  const json& workforce = report["workforce"];
  EXPECT_EQ(Level(workforce, "province")["dedicated"].get<int64_t>() +
                Level(workforce, "district")["dedicated"].get<int64_t>(),
            w["it_staff"]["province_and_district"].get<int64_t>());
  EXPECT_EQ(Level(workforce, "commune")["dedicated"], w["it_staff"]["commune"]);
  EXPECT_EQ(workforce["total"]["dedicated_qualification"]["master"]["it"],
            w["qualifications"]["master_it"]);
  EXPECT_EQ(workforce["total"]["dedicated_qualification"]["bachelor"]["it"],
            w["qualifications"]["bachelor_it"]);
  EXPECT_EQ(
      Level(workforce, "province")["eligible"]["numerator"].get<int64_t>() +
          Level(workforce, "district")["eligible"]["numerator"].get<int64_t>(),
      w["special_allowance_eligible"]["province_and_district"].get<int64_t>());
  EXPECT_EQ(Level(workforce, "commune")["eligible"]["numerator"],
            w["special_allowance_eligible"]["commune"]);
  EXPECT_EQ(workforce["total"]["training"]["courses"],
            w["training"]["classes"]);
  EXPECT_EQ(workforce["total"]["training"]["trainees"],
            w["training"]["trainees"]);

  // Every figure names its source.
  bool digitization_listed = false;
  for (const json& figure : report["figures"]) {
    EXPECT_FALSE(figure["source"]["service"].get<std::string>().empty());
    EXPECT_FALSE(figure["source"]["method"].get<std::string>().empty());
    if (figure["key"] == "stats.total.digitization") {
      digitization_listed = true;
      EXPECT_EQ(figure["numerator"], ps["digitization"]["numerator"]["all"]);
      EXPECT_EQ(figure["source"]["method"],
                "dtr.stats.v1.StatsService/GetIndicators");
      EXPECT_EQ(figure["source"]["request"]["unit_code"], Unit());
    }
  }
  EXPECT_TRUE(digitization_listed);

  // The published overall digitization rate does not follow from its own
  // levels, and the report says why.
  bool digitization_found = false;
  std::set<std::string> inconsistent;
  for (const json& i : report["inconsistencies"]) {
    inconsistent.insert(i["figure"]);
    if (i["figure"] == "stats.total.digitization") {
      digitization_found = true;
      EXPECT_EQ(i["check"], "published");
      const std::string detail = i["detail"];
      EXPECT_TRUE(absl::StrContains(detail, "57,53%")) << detail;
      EXPECT_TRUE(absl::StrContains(detail, "59,72%")) << detail;
      EXPECT_TRUE(absl::StrContains(detail, "246.160")) << detail;
      EXPECT_TRUE(absl::StrContains(detail, "237.121")) << detail;
    }
  }
  EXPECT_TRUE(digitization_found) << report["inconsistencies"].dump(2);
  // The published rates that do follow from their counts are not listed.
  EXPECT_FALSE(inconsistent.count("stats.total.online_submission"));
  EXPECT_FALSE(inconsistent.count("stats.province.full_process_online"));

  // The SHA-256 of each rendering, as the files have them.
  for (const char* ext : {"docx", "html", "md"}) {
    EXPECT_EQ(report["sha256"][ext],
              Sha256Of(absl::StrCat(out, "/", Unit(), "-", Period(), ".", ext)))
        << ext;
  }
}

TEST_F(ReportStackTest, MarkdownAndHtmlWriteTheFiguresTheVietnameseWay) {
  const std::string out = MakeTempDir();
  ASSERT_EQ(Generate(report_->address(), out).exit_code, 0);
  const std::string markdown = Rendering(out, "md");
  const std::string html = Rendering(out, "html");
  for (const char* figure :
       {"434.846", "170.293", "293.670/407.595", "72,05%", "66,42%", "52,1%",
        "93,36%", "59,72%", "77.800", "4.920,426 triệu đồng",
        "01/01/2023-24/10/2023", "1.036", "05 máy chủ", "2.900", "49 lớp",
        "205 cán bộ", "94,91%", "43,28%", "ngày 31 tháng 10 năm 2023"}) {
    EXPECT_TRUE(absl::StrContains(markdown, figure)) << figure;
    EXPECT_TRUE(absl::StrContains(html, figure)) << figure;
  }
  // The narratives are where the report puts them.
  const size_t direction = markdown.find("1.1. Chỉ đạo điều hành");
  const size_t plan = markdown.find("Kế hoạch số 525/KH-UBND");
  const size_t awareness = markdown.find("1.2. Nhận thức số");
  ASSERT_NE(plan, std::string::npos);
  EXPECT_LT(direction, plan);
  EXPECT_LT(plan, awareness);
  // The HTML fetches nothing.
  for (const char* external :
       {"http://", "https://", "<link", "src=", "@import"}) {
    EXPECT_FALSE(absl::StrContains(html, external)) << external;
  }
  EXPECT_TRUE(absl::StrContains(html, "@page { size: A4"));
  // The charts: drawn inline in the HTML, their captions in the Markdown
  // (which has no drawing), each beside its table of numbers.
  size_t svgs = 0;
  for (size_t at = 0; (at = html.find("<svg ", at)) != std::string::npos;
       ++at) {
    ++svgs;
  }
  EXPECT_EQ(svgs, 2u);
  EXPECT_TRUE(absl::StrContains(
      html, "<figcaption>Biểu đồ 2. Tỷ lệ hồ sơ nộp trực tuyến"));
  EXPECT_FALSE(absl::StrContains(markdown, "chart:"));
  EXPECT_TRUE(absl::StrContains(markdown, "*Biểu đồ 1. Tỷ lệ hồ sơ"));
  // The month's row of the months' table is the month's figures of the
  // report's own JSON, written as the tables write rates.
  const json report = json::parse(Rendering(out, "json"));
  auto cell = [&](const std::string& key) {
    for (const json& f : report["figures"]) {
      if (f["key"] != key) continue;
      auto dotted = [](int64_t n) {
        std::string s = std::to_string(n);
        for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) {
          s.insert(static_cast<size_t>(i), ".");
        }
        return s;
      };
      const int64_t n = f["numerator"], d = f["denominator"];
      std::string pct = absl::StrFormat("%.2f", 100.0 * n / d);
      pct[pct.find('.')] = ',';
      return dotted(n) + "/" + dotted(d) + " (" + pct + "%)";
    }
    return std::string("missing ") + key;
  };
  const std::string row =
      absl::StrCat("| Tháng ", std::stoi(Period().substr(5)), " | ",
                   cell("stats_month.total.online_submission"), " | ",
                   cell("stats_month.total.full_process_online"), " | ",
                   cell("stats_month.total.digitization"), " |");
  EXPECT_TRUE(absl::StrContains(markdown, row)) << row << "\n" << markdown;
}

// The PDF, read by poppler: the figures and the charts' captions in its
// text, the charts drawn as vectors (no raster image in it), no number
// broken across lines in a table.
TEST_F(ReportStackTest, ThePdfCarriesTheFiguresAndVectorCharts) {
  const std::string out = MakeTempDir();
  ASSERT_EQ(Generate(report_->address(), out).exit_code, 0);
  const std::string pdf = absl::StrCat(out, "/", Unit(), "-", Period(), ".pdf");
  CommandResult text = RunCommand({"pdftotext", "-layout", pdf, "-"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  for (const char* figure :
       {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "434.846", "293.670/407.595",
        "33.747/46.955", "72,05%", "Biểu đồ 1. Tỷ lệ hồ sơ nộp trực tuyến",
        "Biểu đồ 2. Tỷ lệ hồ sơ nộp trực tuyến", "Nộp trực tuyến",
        "Tỷ lệ hồ sơ TTHC được số hoá, tổng cộng"}) {
    EXPECT_TRUE(absl::StrContains(text.out, figure)) << figure;
  }
  CommandResult images = RunCommand({"pdfimages", "-list", pdf});
  ASSERT_EQ(images.exit_code, 0) << images.err;
  // The header lines only: no image.
  EXPECT_EQ(std::count(images.out.begin(), images.out.end(), '\n'), 2)
      << images.out;
}

// One month format in the whole document, the one dates use: "tháng
// 9/2023", never "tháng 09/2023".
TEST_F(ReportStackTest, MonthsAreWrittenOneWay) {
  const std::string out = MakeTempDir();
  ASSERT_EQ(Generate(report_->address(), out).exit_code, 0);
  const std::string markdown = Rendering(out, "md");
  absl::CivilMonth month;
  ASSERT_TRUE(absl::ParseCivilTime(Period(), &month)) << Period();
  const std::string previous =
      absl::StrCat((month - 1).month() <= 2 ? "0" : "", (month - 1).month(),
                   "/", (month - 1).year());
  EXPECT_TRUE(absl::StrContains(markdown, "các dịch vụ cho tháng " + previous))
      << previous;
  const std::regex padded(R"(tháng 0[3-9]/[0-9]{4})");
  std::smatch found;
  EXPECT_FALSE(std::regex_search(markdown, found, padded)) << found.str();
}

// `generate --period previous-month` where nothing of that month is loaded
// (the sample is of another year): a warning, and the document says so in
// place of "ở 00 cấp chính quyền", "đạt tỷ lệ  (trong đó: )", "0/0 ()".
// Of another unit than the sample's, whose latest report the gauge test
// reads.
// The Department as it was named in 2023 and, from a day of 2025, after
// the merger of the Ministry of Information and Communications into the
// Ministry of Science and Technology: each report carries the issuer and
// symbol of its period's last day, and names the version applied. A report
// service of its own, so that the other tests' archive and gauges stay as
// they are.
TEST_F(ReportStackTest, EachPeriodCarriesTheIssuerOfItsTime) {
  const std::string own_dir = MakeTempDir();
  ReportServer own(stats_->address(), security_->address(),
                   workforce_->address(), own_dir + "/report.db",
                   {"--units=" + *dir_ + "/units.csv"});
  ASSERT_EQ(
      RunCommand({BinPath("dtctl"), "report", "settings", "put",
                  *dir_ + "/report-settings.json", "--server", own.address()})
          .exit_code,
      0);
  json merged = json::parse(ReadFile(*dir_ + "/report-settings.json"));
  merged["valid_from"] = "2025-03-01";
  merged["issuer"] = "SỞ KHOA HỌC VÀ CÔNG NGHỆ";
  merged["document_symbol"] = "BC-SKHCN";
  merged["legal_basis"] = {{"number", "01/2025/QĐ-UBND"},
                           {"date", "2025-02-28"},
                           {"title",
                            "Quyết định thành lập Sở Khoa học và "
                            "Công nghệ (test data)"}};
  const std::string file = *dir_ + "/settings-2025.json";
  std::ofstream(file) << merged.dump();
  CommandResult put = RunCommand({BinPath("dtctl"), "report", "settings", "put",
                                  file, "--server", own.address()});
  ASSERT_EQ(put.exit_code, 0) << put.err;

  // The wording is the shipped templates' (services/report/templates/
  // versions.json): the summary line changes with the 2025 merger.
  // The unit tree is the sample's: its districts end on 2025-06-30.
  struct Era {
    std::string period, issuer, other_issuer, symbol, valid_from, valid_to;
    std::string wording, templates_basis;
    bool districts;
  };
  const std::vector<Era> eras = {
      {Period(), "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
       "/BC-STTTT", "", "2025-02-28", "Kết quả chuyển đổi số đến hết tháng",
       "1551/CĐSQG-CSS", true},
      {"2026-10", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
       "/BC-SKHCN", "2025-03-01", "",
       "Kết quả thực hiện phát triển khoa học, công nghệ, đổi mới sáng tạo "
       "và chuyển đổi số đến hết tháng",
       "57-NQ/TW", false}};
  for (const Era& era : eras) {
    const std::string out = MakeTempDir();
    CommandResult r =
        RunCommand({BinPath("dtctl"), "report", "generate", "--unit", Unit(),
                    "--period", era.period, "--format", "md,json", "--out", out,
                    "--server", own.address()});
    ASSERT_EQ(r.exit_code, 0) << era.period << ": " << r.err;
    const std::string base = absl::StrCat(out, "/", Unit(), "-", era.period);
    const std::string markdown = ReadFile(base + ".md");
    EXPECT_TRUE(absl::StrContains(markdown, era.issuer)) << era.period;
    EXPECT_FALSE(absl::StrContains(markdown, era.other_issuer)) << era.period;
    EXPECT_TRUE(absl::StrContains(markdown, era.symbol)) << era.period;
    EXPECT_TRUE(absl::StrContains(markdown, era.wording)) << era.period;
    EXPECT_EQ(absl::StrContains(markdown, "| Cấp huyện |"), era.districts)
        << era.period;
    const json j = json::parse(ReadFile(base + ".json"));
    EXPECT_EQ(j["settings"]["issuer"], era.issuer);
    EXPECT_EQ(j["security"]["levels"].contains("district"), era.districts)
        << era.period;
    json settings, templates;
    for (const json& version : j["rule_versions"]) {
      if (version["kind"] == "settings") settings = version;
      if (version["kind"] == "templates") templates = version;
    }
    ASSERT_TRUE(settings.is_object()) << j["rule_versions"].dump();
    ASSERT_TRUE(templates.is_object()) << j["rule_versions"].dump();
    EXPECT_EQ(templates["legal_basis"]["number"], era.templates_basis)
        << era.period;
    EXPECT_EQ(settings["valid_from"], era.valid_from) << era.period;
    EXPECT_EQ(settings["valid_to"].is_null() ? "" : settings["valid_to"],
              era.valid_to)
        << era.period;
  }

  CommandResult shown = RunCommand({BinPath("dtctl"), "rules", "show", "--kind",
                                    "settings", "--unit", Unit(), "--on",
                                    "2026-10-31", "--server", own.address()});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_TRUE(absl::StrContains(shown.out, "in force from 2025-03-01"))
      << shown.out;
  EXPECT_TRUE(absl::StrContains(shown.out, "01/2025/QĐ-UBND")) << shown.out;
  EXPECT_TRUE(absl::StrContains(shown.out, "BC-SKHCN")) << shown.out;
  for (const auto& [day, expected] :
       std::vector<std::pair<std::string, std::string>>{
           {"2023-10-31", "1551/CĐSQG-CSS"},
           {"2026-10-31", "labels.json <- labels.2025-03-01.json"}}) {
    shown = RunCommand({BinPath("dtctl"), "rules", "show", "--kind",
                        "templates", "--on", day, "--server", own.address()});
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_TRUE(absl::StrContains(shown.out, expected)) << day << shown.out;
  }

  // A day that is not one is refused, naming the field; nothing written.
  merged["valid_from"] = "2025-02-30";
  std::ofstream(file, std::ios::trunc) << merged.dump();
  put = RunCommand({BinPath("dtctl"), "report", "settings", "put", file,
                    "--server", own.address()});
  EXPECT_NE(put.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(put.err, "valid_from")) << put.err;
}

// The settings kept as a file (the sample's settings.json, both eras):
// each period's report carries the version in force on its last day, the
// API cannot put the units the file holds, and SIGHUP applies an edit or
// refuses a bad one whole, keeping the last good file.
TEST_F(ReportStackTest, TheSettingsFileGivesEachEraItsIssuer) {
  const std::string own_dir = MakeTempDir();
  const std::string file = own_dir + "/settings.json";
  std::filesystem::copy_file(*dir_ + "/settings.json", file);
  ReportServer own(stats_->address(), security_->address(),
                   workforce_->address(), own_dir + "/report.db",
                   {"--units=" + *dir_ + "/units.csv", "--settings=" + file});
  const auto settings_version = [&](const std::string& period,
                                    std::string* markdown) {
    const std::string out = MakeTempDir();
    CommandResult r =
        RunCommand({BinPath("dtctl"), "report", "generate", "--unit", Unit(),
                    "--period", period, "--format", "md,json", "--out", out,
                    "--server", own.address()});
    EXPECT_EQ(r.exit_code, 0) << period << ": " << r.err;
    const std::string base = absl::StrCat(out, "/", Unit(), "-", period);
    *markdown = ReadFile(base + ".md");
    const json j = json::parse(ReadFile(base + ".json"), nullptr, false);
    if (!j.is_object()) return json();
    for (const json& version : j["rule_versions"]) {
      if (version["kind"] == "settings") return version;
    }
    return json();
  };
  std::string markdown;
  json version = settings_version(Period(), &markdown);
  EXPECT_TRUE(absl::StrContains(markdown, "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"));
  EXPECT_FALSE(absl::StrContains(markdown, "SỞ KHOA HỌC VÀ CÔNG NGHỆ"));
  EXPECT_TRUE(absl::StrContains(markdown, "/BC-STTTT"));
  EXPECT_EQ(version["legal_basis"]["number"], "13/2008/NĐ-CP")
      << version.dump();
  EXPECT_EQ(version["valid_to"], "2025-02-28") << version.dump();
  version = settings_version("2026-10", &markdown);
  EXPECT_TRUE(absl::StrContains(markdown, "SỞ KHOA HỌC VÀ CÔNG NGHỆ"));
  EXPECT_FALSE(absl::StrContains(markdown, "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"));
  EXPECT_TRUE(absl::StrContains(markdown, "/BC-SKHCN"));
  EXPECT_EQ(version["valid_from"], "2025-03-01") << version.dump();
  EXPECT_EQ(version["legal_basis"]["number"], "45/2025/NĐ-CP")
      << version.dump();

  const auto shown_on = [&](const std::string& day) {
    CommandResult shown =
        RunCommand({BinPath("dtctl"), "rules", "show", "--kind", "settings",
                    "--unit", Unit(), "--on", day, "--server", own.address()});
    EXPECT_EQ(shown.exit_code, 0) << shown.err;
    return shown.out;
  };
  EXPECT_TRUE(absl::StrContains(shown_on("2026-10-31"), "45/2025/NĐ-CP"));
  EXPECT_TRUE(absl::StrContains(shown_on("2023-10-31"), "BC-STTTT"));

  // The API cannot put what the file holds; nothing changes.
  CommandResult put =
      RunCommand({BinPath("dtctl"), "report", "settings", "put",
                  *dir_ + "/report-settings.json", "--server", own.address()});
  EXPECT_NE(put.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(put.err, "settings file (--settings"))
      << put.err;

  // An overlapping edit is refused whole, naming the entry.
  json edited = json::parse(ReadFile(file));
  edited["versions"][1]["valid_from"] = "2025-02-01";
  std::ofstream(file, std::ios::trunc) << edited.dump();
  own.process().Signal(SIGHUP);
  const std::string refused =
      own.process().WaitForLine("report settings not reloaded");
  ASSERT_FALSE(refused.empty());
  EXPECT_TRUE(absl::StrContains(refused, "versions[1]")) << refused;
  EXPECT_TRUE(absl::StrContains(shown_on("2026-10-31"), "BC-SKHCN"));

  // A good edit applies at once.
  edited["versions"][1]["valid_from"] = "2025-03-01";
  edited["versions"][1]["units"][Unit()]["document_symbol"] = "BC-KHCN";
  std::ofstream(file, std::ios::trunc) << edited.dump();
  own.process().Signal(SIGHUP);
  ASSERT_FALSE(own.process().WaitForLine("report settings reloaded").empty());
  EXPECT_TRUE(absl::StrContains(shown_on("2026-10-31"), "BC-KHCN"));
  EXPECT_TRUE(absl::StrContains(shown_on("2023-10-31"), "BC-STTTT"));
}

// The report service's REST/JSON face: a report generated over HTTP is the
// one gRPC reads back, and its rendering downloads as the file it archived.
TEST_F(ReportStackTest, TheReportIsGeneratedAndDownloadedOverHttp) {
  const std::string own_dir = MakeTempDir();
  ReportServer own(
      stats_->address(), security_->address(), workforce_->address(),
      own_dir + "/report.db",
      {"--units=" + *dir_ + "/units.csv", "--http-listen=127.0.0.1:0"});
  ASSERT_GT(own.http_port(), 0);
  ASSERT_EQ(
      RunCommand({BinPath("dtctl"), "report", "settings", "put",
                  *dir_ + "/report-settings.json", "--server", own.address()})
          .exit_code,
      0);
  const std::string base =
      absl::StrCat("http://127.0.0.1:", own.http_port(), "/v1/units/", Unit(),
                   "/reports/", Period());
  CommandResult generated = RunCommand({"curl", "-sS", "-X", "POST", "-H",
                                        "Content-Type: application/json",
                                        "--data", "{}", base + ":generate"});
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  const json made = json::parse(generated.out, nullptr, false);
  ASSERT_TRUE(made.is_object()) << generated.out;
  EXPECT_EQ(made["version"], 1) << generated.out;

  // GetReport over HTTP answers what the gRPC call answers.
  auto stub = rv1::ReportService::NewStub(
      grpc::CreateChannel(own.address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  rv1::GetReportRequest request;
  request.set_unit_code(Unit());
  request.set_period(Period());
  rv1::Report over_grpc;
  ASSERT_TRUE(stub->GetReport(&context, request, &over_grpc).ok());
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string grpc_json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(over_grpc, &grpc_json,
                                                          options)
                  .ok());
  CommandResult got = RunCommand({"curl", "-sS", base});
  EXPECT_EQ(json::parse(got.out, nullptr, false), json::parse(grpc_json));

  // The PDF: its media type, its file name, and the archived bytes.
  const std::string file = own_dir + "/downloaded.pdf";
  CommandResult pdf = RunCommand(
      {"curl", "-sS", "-D", own_dir + "/headers", "-o", file, "-w",
       "%{http_code} %{content_type}", base + "/renderings/FORMAT_PDF"});
  EXPECT_EQ(pdf.out, "200 application/pdf") << pdf.err;
  EXPECT_TRUE(absl::StrContains(
      ReadFile(own_dir + "/headers"),
      absl::StrCat("filename=\"", Unit(), "-", Period(), ".pdf\"")))
      << ReadFile(own_dir + "/headers");
  std::string archived_sha;
  for (const rv1::Rendering& r : over_grpc.renderings()) {
    if (r.format() == rv1::FORMAT_PDF) archived_sha = r.sha256();
  }
  EXPECT_EQ(Sha256Of(file), archived_sha);
}

TEST_F(ReportStackTest, AMonthWithNoRecordsSaysSo) {
  std::ifstream units(*dir_ + "/units.csv");
  std::string line;
  std::getline(units, line);  // the header
  std::getline(units, line);  // the root
  std::getline(units, line);
  const std::string unit = line.substr(0, line.find(','));
  ASSERT_NE(unit, Unit());
  const std::string out = MakeTempDir();
  CommandResult r =
      RunCommand({BinPath("dtctl"), "report", "generate", "--unit", unit,
                  "--period", "previous-month", "--format", "md,json", "--out",
                  out, "--server", report_->address()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(absl::StrContains(r.err, "warning")) << r.err;
  EXPECT_TRUE(absl::StrContains(r.err, "has no records of")) << r.err;
  EXPECT_TRUE(absl::StrContains(r.err, "dtctl dossiers import")) << r.err;
  EXPECT_TRUE(absl::StrContains(r.out, "no records: stats")) << r.out;
  std::string markdown, report_json;
  for (const auto& entry : std::filesystem::directory_iterator(out)) {
    const std::string path = entry.path().string();
    if (absl::EndsWith(path, ".md")) markdown = ReadFile(path);
    if (absl::EndsWith(path, ".json")) report_json = ReadFile(path);
  }
  ASSERT_FALSE(markdown.empty());
  const json j = json::parse(report_json);
  EXPECT_NE(
      std::find(j["empty_blocks"].begin(), j["empty_blocks"].end(), "stats"),
      j["empty_blocks"].end());
  EXPECT_TRUE(absl::StrContains(markdown, "MỘT SỐ MỤC CHƯA CÓ SỐ LIỆU"));
  for (const char* hollow :
       {"00 cấp chính quyền", "đạt tỷ lệ  (", "(trong đó: )", "0/0 ()", "()"}) {
    EXPECT_FALSE(absl::StrContains(markdown, hollow)) << hollow;
  }
}

TEST_F(ReportStackTest, TheDocxIsLaidOutAsAnAdministrativeDocument) {
  const std::string out = MakeTempDir();
  ASSERT_EQ(Generate(report_->address(), out).exit_code, 0);
  CommandResult read = RunCommand(
      {"/usr/bin/python3", DTR_SOURCE_DIR "/tests/integration/inspect_docx.py",
       absl::StrCat(out, "/", Unit(), "-", Period(), ".docx")});
  ASSERT_EQ(read.exit_code, 0) << read.err;
  const json docx = json::parse(read.out);
  EXPECT_NEAR(docx["page_width_mm"].get<double>(), 210, 0.5);
  EXPECT_NEAR(docx["page_height_mm"].get<double>(), 297, 0.5);
  const auto within = [&](const char* key, double low, double high) {
    const double v = docx[key].get<double>();
    EXPECT_TRUE(v >= low && v <= high) << key << " = " << v;
  };
  within("margin_top_mm", 20, 25);
  within("margin_bottom_mm", 20, 25);
  within("margin_left_mm", 30, 35);
  within("margin_right_mm", 15, 20);
  EXPECT_EQ(docx["font"], "Times New Roman");
  within("font_size_pt", 13, 14);
  // Page numbers centred at the top from page 2.
  EXPECT_TRUE(docx["different_first_page"].get<bool>());
  EXPECT_TRUE(docx["header_has_page_field"].get<bool>());
  EXPECT_TRUE(docx["header_centered"].get<bool>());
  EXPECT_EQ(docx["first_page_header_text"], "");
  // The two charts, as PNG images at the PDF's size.
  ASSERT_EQ(docx["images"].size(), 2u) << docx["images"].dump();
  for (const json& image : docx["images"]) {
    EXPECT_EQ(image["content_type"], "image/png");
    EXPECT_EQ(image["width_pt"], 450);
  }

  // The head: issuer and motto, as the decree lays them out.
  const json& head = docx["tables"][0];
  auto find = [](const json& paragraphs_of_cells,
                 const std::string& text) -> json {
    for (const json& cell : paragraphs_of_cells) {
      for (const json& p : cell) {
        if (p["text"] == text) return p;
      }
    }
    return json();
  };
  const json issuer = find(head, "SỞ THÔNG TIN VÀ TRUYỀN THÔNG");
  ASSERT_FALSE(issuer.is_null());
  EXPECT_TRUE(issuer["bold"].get<bool>());
  EXPECT_FALSE(find(head, "UBND TỈNH HÀ TĨNH").is_null());
  const json nation = find(head, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  ASSERT_FALSE(nation.is_null());
  EXPECT_TRUE(nation["bold"].get<bool>());
  EXPECT_GE(nation["sizes"][0].get<double>(), 12);
  EXPECT_LE(nation["sizes"][0].get<double>(), 13);
  const json motto = find(head, "Độc lập - Tự do - Hạnh phúc");
  ASSERT_FALSE(motto.is_null());
  EXPECT_TRUE(motto["bold"].get<bool>());
  EXPECT_GE(motto["sizes"][0].get<double>(), 13);
  // The blanks a hand fills in are no-break spaces, which Word keeps.
  const std::string eight_blanks = absl::StrCat(
      "\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0", "\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0");
  EXPECT_FALSE(find(head, "Số:" + eight_blanks + "/BC-STTTT").is_null());
  const json date =
      find(head, "Hà Tĩnh, ngày" + eight_blanks.substr(4) /* six */ +
                     "tháng 10 năm 2023");
  ASSERT_FALSE(date.is_null());
  EXPECT_TRUE(date["italic"].get<bool>());

  // Title and summary, bold and centred.
  std::string text;
  json title, summary;
  for (const json& p : docx["paragraphs"]) {
    text += p["text"].get<std::string>() + "\n";
    if (p["text"] == "BÁO CÁO") title = p;
    if (p["text"] == "Kết quả chuyển đổi số đến hết tháng 10 năm 2023") {
      summary = p;
    }
  }
  ASSERT_FALSE(title.is_null());
  EXPECT_TRUE(title["bold"].get<bool>() && title["centered"].get<bool>());
  ASSERT_FALSE(summary.is_null());
  EXPECT_TRUE(summary["bold"].get<bool>() && summary["centered"].get<bool>());

  // The figures, in the body and the per-level tables.
  int level_tables = 0;
  for (const json& table : docx["tables"]) {
    std::string cells;
    for (const json& cell : table) {
      for (const json& p : cell) cells += p["text"].get<std::string>() + "|";
    }
    text += cells + "\n";
    level_tables += absl::StrContains(cells, "Cấp tỉnh|") &&
                    absl::StrContains(cells, "Cấp xã|");
  }
  EXPECT_GE(level_tables, 3);
  for (const char* figure : {"434.846", "72,05%", "66,42%", "52,1%", "1.036",
                             "2.900", "77.800", "4.920,426"}) {
    EXPECT_TRUE(absl::StrContains(text, figure)) << figure;
  }
  // The foot: recipients and the signature.
  EXPECT_TRUE(absl::StrContains(text, "Nơi nhận:"));
  EXPECT_TRUE(absl::StrContains(text, "- Cục CĐSQG;"));
  EXPECT_TRUE(absl::StrContains(text, "PHÓ GIÁM ĐỐC"));
  EXPECT_TRUE(absl::StrContains(text, "Dương Văn Tuấn"));
}

TEST_F(ReportStackTest, AServiceDownFailsTheReportUnlessPartialIsAllowed) {
  // A report service of its own, whose workforce service then stops.
  const std::string stopped_db = *dir_ + "/workforce-stopped.db";
  auto stopped = std::make_unique<WorkforceServer>(
      *dir_ + "/units.csv", redis_->address(), stopped_db);
  const std::string stopped_address = stopped->address();
  ReportServer report(stats_->address(), security_->address(), stopped_address);
  // Reports generated one after another while the workforce service
  // crashes: each is made whole or refused UNAVAILABLE naming it.
  std::atomic<bool> stop_generating{false};
  std::atomic<int> made{0}, refused_unavailable{0}, other_failures{0};
  std::thread generating([&] {
    auto stub = rv1::ReportService::NewStub(grpc::CreateChannel(
        report.address(), grpc::InsecureChannelCredentials()));
    while (!stop_generating) {
      grpc::ClientContext context;
      rv1::GenerateReportRequest request;
      request.set_unit_code(Unit());
      request.set_period(Period());
      rv1::Report out;
      grpc::Status s = stub->GenerateReport(&context, request, &out);
      if (s.ok()) {
        ++made;
      } else if (s.error_code() == grpc::StatusCode::UNAVAILABLE &&
                 absl::StrContains(s.error_message(), "workforce")) {
        ++refused_unavailable;
      } else {
        ++other_failures;
        ADD_FAILURE() << s.error_code() << " " << s.error_message();
      }
    }
  });
  // Killed once reports are being made, the generations going on.
  EXPECT_TRUE(Eventually([&] { return made > 0; }));
  stopped->process().Signal(SIGKILL);
  stopped->process().Wait();
  stopped.reset();
  EXPECT_TRUE(Eventually([&] { return refused_unavailable > 0; }));
  stop_generating = true;
  generating.join();
  EXPECT_EQ(other_failures, 0);

  CommandResult refused = Generate(report.address(), MakeTempDir());
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(refused.err, "workforce service"))
      << refused.err;
  EXPECT_TRUE(absl::StrContains(refused.err, stopped_address)) << refused.err;
  {
    auto stub = rv1::ReportService::NewStub(grpc::CreateChannel(
        report.address(), grpc::InsecureChannelCredentials()));
    grpc::ClientContext context;
    rv1::GenerateReportRequest request;
    request.set_unit_code(Unit());
    request.set_period(Period());
    rv1::Report out;
    grpc::Status status = stub->GenerateReport(&context, request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
    EXPECT_TRUE(absl::StrContains(status.error_message(), "workforce"));
    // Only the reports made whole were archived.
    grpc::ClientContext list_context;
    rv1::ListReportsRequest list;
    list.set_unit_code(Unit());
    rv1::ListReportsResponse reports;
    ASSERT_TRUE(stub->ListReports(&list_context, list, &reports).ok());
    EXPECT_EQ(reports.reports_size(), made.load());
  }

  const std::string out = MakeTempDir();
  CommandResult partial = Generate(report.address(), out, {"--allow-partial"});
  ASSERT_EQ(partial.exit_code, 0) << partial.err;
  EXPECT_TRUE(absl::StrContains(partial.out, "PARTIAL"));
  const json j = json::parse(Rendering(out, "json"));
  EXPECT_TRUE(j["partial"].get<bool>());
  EXPECT_EQ(j["missing_services"], json::array({"workforce"}));
  EXPECT_TRUE(j["workforce"].is_null());
  EXPECT_EQ(j["stats"]["total"]["dossiers_received"],
            (*fixture_)["public_services"]["dossiers_received"]["all"]);
  for (const char* ext : {"md", "html"}) {
    const std::string text = Rendering(out, ext);
    EXPECT_TRUE(absl::StrContains(text, "BÁO CÁO CHƯA ĐẦY ĐỦ SỐ LIỆU")) << ext;
    EXPECT_TRUE(absl::StrContains(text, "không nhận được số liệu nhân lực"))
        << ext;
  }
  CommandResult read = RunCommand(
      {"/usr/bin/python3", DTR_SOURCE_DIR "/tests/integration/inspect_docx.py",
       absl::StrCat(out, "/", Unit(), "-", Period(), ".docx")});
  ASSERT_EQ(read.exit_code, 0) << read.err;
  EXPECT_TRUE(absl::StrContains(read.out, "BÁO CÁO CHƯA ĐẦY ĐỦ SỐ LIỆU"));

  // The workforce service comes back at its address: the same report
  // service, not restarted, makes the whole report again.
  WorkforceServer back(*dir_ + "/units.csv", redis_->address(), stopped_db,
                       {"--listen=" + stopped_address});
  ASSERT_GT(back.grpc_port(), 0);
  const std::string whole = MakeTempDir();
  CommandResult complete;
  EXPECT_TRUE(Eventually([&] {
    complete = Generate(report.address(), whole);
    return complete.exit_code == 0;
  })) << complete.err;
  EXPECT_FALSE(absl::StrContains(complete.out, "PARTIAL")) << complete.out;
  EXPECT_FALSE(json::parse(Rendering(whole, "json"))["partial"].get<bool>());
  std::printf(
      "workforce service killed while reports were being generated: each "
      "made whole or refused UNAVAILABLE naming it, only whole ones "
      "archived; while it is down --allow-partial marks the missing section; "
      "the service back at its address: the whole report, the report "
      "service not restarted\n");
}

TEST_F(ReportStackTest, VersionsAreArchivedAndCompared) {
  // The earlier tests made version 1 … n; two more with the same data have
  // the same figures.
  const std::string first = MakeTempDir(), second = MakeTempDir();
  ASSERT_EQ(Generate(report_->address(), first).exit_code, 0);
  ASSERT_EQ(Generate(report_->address(), second).exit_code, 0);
  const json a = json::parse(Rendering(first, "json"));
  const json b = json::parse(Rendering(second, "json"));
  EXPECT_EQ(b["version"].get<int>(), a["version"].get<int>() + 1);
  EXPECT_EQ(a["figures"], b["figures"]);
  EXPECT_TRUE(b["changes_since_previous_version"].empty());

  // A dossier received in the month, then a new version.
  const std::string csv = MakeTempDir() + "/one.csv";
  std::ofstream(csv)
      << "dossier_id,unit_code,procedure_code,received_at,channel,"
         "service_level,digitized,status,due_at,finished_at\n"
      << "EXTRA-1," << Unit() << "-D01-C001,1.001234," << Period()
      << "-20,online,full,1,done_on_time," << Period() << "-25," << Period()
      << "-22\n";
  CommandResult imported = RunCommand({BinPath("dtctl"), "dossiers", "import",
                                       csv, "--server", stats_->address()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const std::string third = MakeTempDir();
  CommandResult generated = Generate(report_->address(), third);
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  const json c = json::parse(Rendering(third, "json"));
  EXPECT_EQ(c["version"].get<int>(), b["version"].get<int>() + 1);
  const int64_t before =
      (*fixture_)["public_services"]["dossiers_received"]["all"];
  bool listed = false;
  for (const json& change : c["changes_since_previous_version"]) {
    if (change["figure"] == "stats.total.dossiers_received") {
      listed = true;
      EXPECT_EQ(change["before"], absl::StrCat(before));
      EXPECT_EQ(change["after"], absl::StrCat(before + 1));
    }
  }
  EXPECT_TRUE(listed) << c["changes_since_previous_version"].dump(2);
  EXPECT_TRUE(
      absl::StrContains(generated.out, "stats.total.dossiers_received"));

  // The earlier versions are still there, byte for byte.
  const std::string again = MakeTempDir();
  CommandResult got = RunCommand(
      {BinPath("dtctl"), "report", "get", "--unit", Unit(), "--period",
       Period(), "--version", absl::StrCat(a["version"].get<int>()), "--out",
       again, "--server", report_->address()});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  for (const char* ext : {"docx", "html", "md", "json"}) {
    EXPECT_EQ(Rendering(again, ext), Rendering(first, ext)) << ext;
  }
  CommandResult list = RunCommand({BinPath("dtctl"), "report", "list", "--unit",
                                   Unit(), "--server", report_->address()});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_TRUE(absl::StrContains(
      list.out, absl::StrCat("v", c["version"].get<int>(), " ")))
      << list.out;
}

// A province after 2025's reform: no district level.
TEST(ReportTwoLevelTreeTest, RendersWithoutADistrictRow) {
  const std::string dir = MakeTempDir();
  std::ofstream(dir + "/units.csv")
      << "code,name,level,parent_code,valid_from,valid_to\n"
         "P,Tỉnh Thử,province,,,\n"
         "PS1,Sở Thử,province,P,,\n"
         "D1,Huyện Cũ,district,P,,2025-06-30\n"
         "C0,Xã Cũ,commune,D1,,2025-06-30\n"
         "C1,Xã Mới Một,commune,P,2025-07-01,\n"
         "C2,Xã Mới Hai,commune,P,2025-07-01,\n";
  std::ofstream(dir + "/dossiers.csv")
      << "dossier_id,unit_code,procedure_code,received_at,channel,"
         "service_level,digitized,status,due_at,finished_at\n"
         "A1,PS1,1.1,2025-08-04,online,full,1,done_on_time,2025-08-10,"
         "2025-08-06\n"
         "A2,C1,2.1,2025-08-05,direct,partial,0,done_late,2025-08-07,"
         "2025-08-09\n"
         "A3,C2,2.1,2025-08-06,online,partial,1,pending,2025-08-20,\n";
  std::ofstream(dir + "/systems.csv")
      << "system_id,name,owner_unit,security_level,dossier_status,"
         "decision_no,decision_date,approved_by,soc_monitored\n"
         "S1,Cổng thông tin,PS1,2,none,,,,0\n"
         "S2,Trang xã,C1,1,none,,,,0\n";
  std::ofstream(dir + "/staff.csv")
      << "staff_id,full_name,national_id,unit_code,position,role,"
         "qualification,field,start_date,end_date\n"
         "NS-1,Người Thử Một,000190123456,PS1,it_officer,dedicated,master,it,"
         "2025-07-01,\n"
         "NS-2,Người Thử Hai,000290123457,C1,commune_it_officer,dedicated,"
         "bachelor,it,2025-07-01,\n";
  RedisServer redis;
  StatsServer stats(dir + "/units.csv", redis.address());
  SecurityServer security(dir + "/units.csv", redis.address());
  WorkforceServer workforce(dir + "/units.csv", redis.address());
  ReportServer report(stats.address(), security.address(), workforce.address());
  for (const auto& [args, server] :
       std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"dossiers", "import", dir + "/dossiers.csv"}, stats.address()},
           {{"security", "systems", "import", dir + "/systems.csv",
             "--effective", "2025-07-15"},
            security.address()},
           {{"workforce", "staff", "import", dir + "/staff.csv"},
            workforce.address()}}) {
    std::vector<std::string> argv = {BinPath("dtctl")};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--server", server});
    CommandResult r = RunCommand(argv);
    ASSERT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
  }
  const std::string out = MakeTempDir();
  CommandResult r = RunCommand({BinPath("dtctl"), "report", "generate",
                                "--unit", "P", "--period", "2025-08", "--out",
                                out, "--server", report.address()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The year to date began with the district level, at which nothing was
  // received: the JSON has the service's empty block, the document no row.
  const json j = json::parse(ReadFile(out + "/P-2025-08.json"));
  EXPECT_EQ(j["stats"]["levels"]["district"]["dossiers_received"], 0);
  EXPECT_EQ(j["stats"]["levels"]["commune"]["dossiers_received"], 2);
  EXPECT_FALSE(j["security"]["levels"].contains("district"));
  const std::string markdown = ReadFile(out + "/P-2025-08.md");
  EXPECT_TRUE(absl::StrContains(markdown, "| Cấp tỉnh |"));
  EXPECT_TRUE(absl::StrContains(markdown, "| Cấp xã |"));
  EXPECT_FALSE(absl::StrContains(markdown, "Cấp huyện"));
  EXPECT_FALSE(absl::StrContains(markdown, "cấp huyện"));
  EXPECT_TRUE(absl::StrContains(markdown, "ở 02 cấp chính quyền"));
  EXPECT_TRUE(absl::StrContains(markdown, "Nghị định số 179/2025/NĐ-CP"));
  const std::string html = ReadFile(out + "/P-2025-08.html");
  EXPECT_FALSE(absl::StrContains(html, "Cấp huyện"));
}

// The value of one series on a /metrics page ("name{a=\"x\",b=\"y\"}"
// with its labels in the page's order), or -1 when it is not there.
double MetricValue(const std::string& page, const std::string& series) {
  for (absl::string_view line : absl::StrSplit(page, '\n')) {
    if (absl::StartsWith(line, series + " ")) {
      double value = -1;
      if (absl::SimpleAtod(line.substr(series.size() + 1), &value)) {
        return value;
      }
    }
  }
  return -1;
}

TEST_F(ReportStackTest, HeadlineGaugesAgreeWithTheSummaries) {
  // The data services' gauges show what their own summaries say today.
  const std::string unit = Unit();
  CommandResult security =
      RunCommand({BinPath("dtctl"), "security", "summary", "--unit", unit,
                  "--json", "--server", security_->address()});
  ASSERT_EQ(security.exit_code, 0) << security.err;
  const json s = json::parse(security.out)["total"];
  ASSERT_GT(s["systems"].get<int64_t>(), 0);
  const std::string at = absl::StrCat("level=\"all\",unit=\"", unit, "\"");
  std::string page;
  EXPECT_TRUE(Eventually([&] {
    page = HttpGet(security_->metrics_port(), "/metrics");
    return MetricValue(page, "dtr_security_systems{" + at + "}") ==
           s["systems"].get<double>();
  })) << page;
  EXPECT_EQ(
      MetricValue(page, "dtr_security_systems_approved_dossier{" + at + "}"),
      s["approved_dossier"]["numerator"].get<double>());
  EXPECT_EQ(
      MetricValue(page, "dtr_security_endpoints_central{kind=\"workstation\"," +
                            at + "}"),
      s["endpoints"]["workstation"]["central"].get<double>());

  const std::string today = FormatDay(Today());
  CommandResult workforce =
      RunCommand({BinPath("dtctl"), "workforce", "summary", "--unit", unit,
                  "--from", today.substr(0, 4) + "-01-01", "--to", today,
                  "--json", "--server", workforce_->address()});
  ASSERT_EQ(workforce.exit_code, 0) << workforce.err;
  const json w = json::parse(workforce.out)["total"];
  EXPECT_TRUE(Eventually([&] {
    page = HttpGet(workforce_->metrics_port(), "/metrics");
    return MetricValue(
               page,
               "dtr_workforce_staff{level=\"all\",role=\"dedicated\",unit=\"" +
                   unit + "\"}") == w["dedicated"].get<double>();
  })) << page;
  EXPECT_EQ(MetricValue(page, "dtr_workforce_eligible{" + at + "}"),
            w["eligible"]["numerator"].get<double>());
  EXPECT_EQ(MetricValue(page, "dtr_workforce_trainees{" + at + "}"),
            w["training"]["trainees"].get<double>());

  // The report service says which month last got its complete report:
  // midnight starting the next month, Vietnamese time.
  ASSERT_EQ(Generate(report_->address(), MakeTempDir()).exit_code, 0);
  const absl::CivilMonth month(std::stoi(Period().substr(0, 4)),
                               std::stoi(Period().substr(5, 2)));
  const double end = absl::ToDoubleSeconds(
      absl::FromCivil(absl::CivilSecond(month + 1), ReportTimeZone()) -
      absl::UnixEpoch());
  page = HttpGet(report_->metrics_port(), "/metrics");
  EXPECT_EQ(MetricValue(
                page, "dtr_report_latest_period_end_timestamp_seconds{unit=\"" +
                          unit + "\"}"),
            end)
      << page;
  // A restarted report service reads it back from the archive.
  ReportServer restarted(stats_->address(), security_->address(),
                         workforce_->address(), *dir_ + "/report.db");
  page = HttpGet(restarted.metrics_port(), "/metrics");
  EXPECT_EQ(MetricValue(
                page, "dtr_report_latest_period_end_timestamp_seconds{unit=\"" +
                          unit + "\"}"),
            end)
      << page;
}

// "a b" → "a%20b": a query string value.
std::string UrlEncoded(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' ||
        c == '~') {
      out += static_cast<char>(c);
    } else {
      absl::StrAppend(&out, "%", absl::Hex(c, absl::kZeroPad2));
    }
  }
  return out;
}

TEST_F(ReportStackTest, PrometheusScrapesEveryServiceAndEveryQueryAnswers) {
  if (RunCommand({"sh", "-c", "command -v prometheus"}).exit_code != 0) {
    GTEST_SKIP() << "prometheus is not installed (make deps installs it)";
  }
  // A real Prometheus scraping the four services every second, with the
  // alert rules of deploy/prometheus loaded.
  const std::string dir = MakeTempDir();
  const std::string config = dir + "/prometheus.yml";
  {
    std::ofstream out(config);
    out << "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
        << "rule_files:\n  - " << DTR_SOURCE_DIR
        << "/deploy/prometheus/rules/*.yml\nscrape_configs:\n";
    const std::pair<const char*, const ServiceProcess*> jobs[] = {
        {"dtr-stats", stats_},
        {"dtr-security", security_},
        {"dtr-workforce", workforce_},
        {"dtr-report", report_}};
    for (const auto& [job, service] : jobs) {
      out << "  - job_name: " << job << "\n    static_configs:\n"
          << "      - targets: [\"127.0.0.1:" << service->metrics_port()
          << "\"]\n";
    }
  }
  // The report gauge needs a complete report of the month.
  ASSERT_EQ(Generate(report_->address(), MakeTempDir()).exit_code, 0);
  const int port = FreePort();
  ChildProcess prometheus(
      {"prometheus", "--config.file=" + config,
       "--storage.tsdb.path=" + dir + "/data",
       absl::StrCat("--web.listen-address=127.0.0.1:", port)});
  ASSERT_FALSE(
      prometheus.WaitForLine("Server is ready to receive web requests").empty())
      << prometheus.StderrText();
  auto query = [&](const std::string& expr) {
    return json::parse(HttpGet(port, "/api/v1/query?query=" + UrlEncoded(expr)),
                       nullptr, false);
  };

  // Every target up.
  json up;
  EXPECT_TRUE(Eventually(
      [&] {
        up = query("up");
        if (!up.is_object() || up["data"]["result"].size() != 4) return false;
        for (const json& r : up["data"]["result"]) {
          if (r["value"][1] != "1") return false;
        }
        return true;
      },
      absl::Seconds(30)))
      << up.dump();

  // Every rule loaded, evaluated without error, and its expression
  // accepted by the query API.
  json rules;
  EXPECT_TRUE(Eventually(
      [&] {
        rules = json::parse(HttpGet(port, "/api/v1/rules"), nullptr, false);
        if (!rules.is_object()) return false;
        int count = 0;
        for (const json& group : rules["data"]["groups"]) {
          for (const json& rule : group["rules"]) {
            if (rule["health"] != "ok") return false;
            ++count;
          }
        }
        return count >= 15;  // 7 alerts, 8 objectives
      },
      absl::Seconds(30)))
      << rules.dump(1);
  for (const json& group : rules["data"]["groups"]) {
    for (const json& rule : group["rules"]) {
      const json answer = query(rule["query"]);
      EXPECT_EQ(answer["status"], "success")
          << rule["name"] << ": " << answer.dump();
    }
  }

  // Every panel of both dashboards has data. Rates need two scrapes of a
  // counter that moved: the calls above and the scrapes themselves.
  CommandResult listed =
      RunCommand({"python3", DTR_SOURCE_DIR "/deploy/grafana/queries.py",
                  "--set", "unit=" + Unit()});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  int queries = 0;
  for (absl::string_view line : absl::StrSplit(listed.out, '\n')) {
    if (line.empty()) continue;
    std::vector<std::string> fields = absl::StrSplit(line, '\t');
    ASSERT_EQ(fields.size(), 3u) << line;
    ++queries;
    json answer;
    EXPECT_TRUE(Eventually(
        [&] {
          answer = query(fields[2]);
          return answer.is_object() && answer["status"] == "success" &&
                 !answer["data"]["result"].empty();
        },
        absl::Seconds(30)))
        << fields[0] << " / " << fields[1] << ": " << fields[2] << "\n"
        << answer.dump();
  }
  EXPECT_GT(queries, 20);
}

// The XLSX rendering, read back by openpyxl: every figure of the JSON
// rendering with the same numbers, as numbers; a frozen header; columns
// wide enough; the rankings whole.
TEST_F(ReportStackTest, TheXlsxHasTheJsonsNumbersAsNumbers) {
  const std::string out = MakeTempDir();
  CommandResult generated =
      Generate(report_->address(), out, {"--format", "xlsx,json"});
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  const json report = json::parse(Rendering(out, "json"));
  CommandResult read = RunCommand(
      {"/usr/bin/python3", DTR_SOURCE_DIR "/tests/integration/inspect_xlsx.py",
       absl::StrCat(out, "/", Unit(), "-", Period(), ".xlsx")});
  ASSERT_EQ(read.exit_code, 0) << read.err;
  const json book = json::parse(read.out);
  ASSERT_TRUE(book.contains("Chỉ tiêu")) << read.out.substr(0, 500);
  const json& sheet = book["Chỉ tiêu"];
  EXPECT_EQ(sheet["freeze"], "A2");
  const json& rows = sheet["rows"];
  ASSERT_EQ(rows.size(), report["figures"].size() + 1);
  EXPECT_EQ(rows[0][0]["value"], "Mã chỉ tiêu");
  for (size_t i = 0; i < report["figures"].size(); ++i) {
    const json& f = report["figures"][i];
    const json& row = rows[i + 1];
    ASSERT_EQ(row[0]["value"], f["key"]) << i;
    if (f["kind"] == "rate") {
      EXPECT_EQ(row[2]["value"], f["numerator"]) << f["key"];
      EXPECT_EQ(row[3]["value"], f["denominator"]) << f["key"];
      if (f.contains("ratio")) {
        EXPECT_NEAR(row[4]["value"].get<double>(), f["ratio"].get<double>(),
                    1e-12)
            << f["key"];
        EXPECT_EQ(row[4]["format"], "0.00%") << f["key"];
      }
    } else {
      EXPECT_EQ(row[5]["value"], f["value"]) << f["key"];
      EXPECT_TRUE(row[5]["value"].is_number()) << f["key"];
    }
  }
  // Columns as wide as the Vietnamese names they hold.
  EXPECT_GT(sheet["widths"]["B"].get<double>(), 30) << sheet["widths"].dump();
  // The rankings, every unit of every one.
  ASSERT_TRUE(book.contains("Xếp hạng"));
  size_t ranked = 0;
  for (const json& r : report["rankings"]) ranked += r["units"].size();
  EXPECT_EQ(book["Xếp hạng"]["rows"].size(), ranked + 1);
}

// The appendix's lowest units: each level's ranking by each rate is the
// stats service's own, and the five lowest are printed, lowest first.
TEST_F(ReportStackTest, TheAppendixListsTheLowestUnitsOfEachLevel) {
  const std::string out = MakeTempDir();
  CommandResult generated = Generate(report_->address(), out);
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  const json report = json::parse(Rendering(out, "json"));
  const std::string from = std::string(Period()).substr(0, 4) + "-01-01";
  const std::string to = (*fixture_)["period"]["to"];
  int compared = 0;
  for (const json& ranking : report["rankings"]) {
    CommandResult r = RunCommand(
        {BinPath("dtctl"), "stats", "rank", "--unit", Unit(), "--level",
         ranking["level"], "--indicator", ranking["indicator"], "--from", from,
         "--to", to, "--json", "--server", stats_->address()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json direct = json::parse(r.out);
    ASSERT_EQ(ranking["units"].size(), direct["units"].size());
    for (size_t i = 0; i < direct["units"].size(); ++i) {
      EXPECT_EQ(ranking["units"][i]["unit"], direct["units"][i]["unit"]);
      EXPECT_EQ(ranking["units"][i]["rank"], direct["units"][i]["rank"]);
    }
    ++compared;
  }
  // Agencies, districts and communes, by three rates.
  EXPECT_EQ(compared, 9) << report["rankings"].dump(2);
  // The self-check's outliers are the stats service's.
  CommandResult outliers = RunCommand(
      {BinPath("dtctl"), "stats", "outliers", "--unit", Unit(), "--month",
       Period(), "--json", "--server", stats_->address()});
  ASSERT_EQ(outliers.exit_code, 0) << outliers.err;
  const json direct = json::parse(outliers.out)["outliers"];
  ASSERT_EQ(report["outliers"].size(), direct.size()) << outliers.out;
  for (size_t i = 0; i < direct.size(); ++i) {
    EXPECT_EQ(report["outliers"][i]["unit"], direct[i]["unit"]);
    EXPECT_EQ(report["outliers"][i]["metric"], direct[i]["metric"]);
  }
  const std::string md = Rendering(out, "md");
  const size_t lowest = md.find(". Các đơn vị có tỷ lệ thấp nhất");
  ASSERT_NE(lowest, std::string::npos);
  // The lowest district by on-time is the first district row of its table.
  for (const json& ranking : report["rankings"]) {
    if (ranking["level"] != "district" || ranking["indicator"] != "on_time") {
      continue;
    }
    const std::string last = ranking["units"].back()["unit"];
    std::string name;
    std::ifstream units(*dir_ + "/units.csv");
    for (std::string line; std::getline(units, line);) {
      if (absl::StartsWith(line, last + ",")) {
        name = line.substr(last.size() + 1,
                           line.find(',', last.size() + 1) - last.size() - 1);
      }
    }
    const size_t table = md.find("**Tỷ lệ hồ sơ giải quyết đúng hạn**", lowest);
    ASSERT_NE(table, std::string::npos) << md.substr(lowest);
    const size_t row = md.find("| Cấp huyện | ", table);
    ASSERT_NE(row, std::string::npos) << md.substr(table);
    EXPECT_TRUE(
        absl::StartsWith(md.substr(row), "| Cấp huyện | " + name + " |"))
        << md.substr(row, 200) << " / " << name;
  }
}

// The units' accepted contributions, in the order of the unit tree
// (agencies, then districts) after the Department's text of the section;
// one not accepted is not printed; one accepted after a version was made
// is in the next version's change list. Runs last: it adds to the month.
TEST_F(ReportStackTest, AcceptedContributionsFollowTheDepartmentInTreeOrder) {
  const std::string district = Unit() + "-D02", agency = Unit() + "-S06",
                    late = Unit() + "-D03";
  auto contribute = [&](const std::string& unit, const std::string& text,
                        std::vector<std::string> steps) {
    const std::string file = MakeTempDir() + "/text.md";
    std::ofstream(file) << text;
    for (const std::string& step : steps) {
      std::vector<std::string> argv = {
          BinPath("dtctl"),  "contributions", step,        "--unit", unit,
          "--period",        Period(),        "--section", "data",   "--server",
          report_->address()};
      if (step == "put") {
        argv.push_back("--file");
        argv.push_back(file);
      }
      CommandResult r = RunCommand(argv);
      ASSERT_EQ(r.exit_code, 0) << step << " " << unit << ": " << r.err;
    }
  };
  // The district is accepted first; the agency still comes before it.
  contribute(district, "Hoàn thành số hoá 100% hồ sơ một cửa.",
             {"put", "submit", "accept"});
  contribute(agency, "triển khai xây dựng CSDL về giá.",
             {"put", "submit", "accept"});
  contribute(late, "Chưa được tiếp nhận.", {"put", "submit"});

  const std::string first = MakeTempDir();
  CommandResult generated = Generate(report_->address(), first);
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  const std::string md = Rendering(first, "md");
  const size_t section = md.find("#### 1.4. Dữ liệu số");
  const size_t next = md.find("#### 1.5.");
  ASSERT_NE(section, std::string::npos);
  const std::string text = md.substr(section, next - section);
  // The Department's own text first, then the two accepted texts, each
  // led by its unit's name.
  const size_t own = text.find("Cổng dữ liệu mở");
  const size_t by_agency =
      text.find("**Sở Tài chính:** triển khai xây dựng CSDL về giá.");
  const size_t by_district =
      text.find("**Thị xã Hồng Lĩnh:** Hoàn thành số hoá 100% hồ sơ một cửa.");
  ASSERT_NE(own, std::string::npos) << text;
  ASSERT_NE(by_agency, std::string::npos) << text;
  ASSERT_NE(by_district, std::string::npos) << text;
  EXPECT_LT(own, by_agency);
  EXPECT_LT(by_agency, by_district);
  EXPECT_EQ(text.find("Chưa được tiếp nhận"), std::string::npos) << text;
  // The appendix: of the 20 agencies the defaults ask (not the districts),
  // one submitted, after the 20th, and was accepted.
  const size_t rates = md.find(". Tình hình gửi báo cáo");
  ASSERT_NE(rates, std::string::npos) << md;
  const std::string appendix = md.substr(rates);
  EXPECT_TRUE(
      absl::StrContains(appendix, "| 1.4. Dữ liệu số | 20 | 1 | 0 | 1 |"))
      << appendix;
  EXPECT_TRUE(
      absl::StrContains(appendix,
                        "Gửi sau thời hạn: Sở Tài chính (1.4. Dữ liệu số; hạn "
                        "20/10/2023)."))
      << appendix;
  EXPECT_TRUE(absl::StrContains(
      appendix, "Chưa gửi báo cáo: Trung tâm Phục vụ hành chính công tỉnh"))
      << appendix;
  const json a = json::parse(Rendering(first, "json"));
  ASSERT_EQ(a["contributions"].size(), 2u) << a["contributions"].dump(2);
  EXPECT_EQ(a["contributions"][0]["unit"], agency);
  EXPECT_EQ(a["contributions"][1]["unit"], district);
  std::set<std::string> new_in_a;
  for (const json& c : a["contributions_since_previous_version"]) {
    new_in_a.insert(c["unit"].get<std::string>());
  }
  EXPECT_EQ(new_in_a, (std::set<std::string>{agency, district}));
  EXPECT_EQ(a["collection"]["expected"], 20) << a["collection"].dump(2);
  EXPECT_EQ(a["collection"]["accepted"], 1);
  EXPECT_EQ(a["collection"]["late"].size(), 1u);
  EXPECT_TRUE(absl::StrContains(generated.out, "contribution accepted") &&
              absl::StrContains(generated.out, agency + " data"))
      << generated.out;

  // Accepted after that version: the next one prints it and lists it.
  CommandResult accepted = RunCommand(
      {BinPath("dtctl"), "contributions", "accept", "--unit", late, "--period",
       Period(), "--section", "data", "--server", report_->address()});
  ASSERT_EQ(accepted.exit_code, 0) << accepted.err;
  const std::string second = MakeTempDir();
  ASSERT_EQ(Generate(report_->address(), second).exit_code, 0);
  const json b = json::parse(Rendering(second, "json"));
  ASSERT_EQ(b["contributions_since_previous_version"].size(), 1u)
      << b["contributions_since_previous_version"].dump(2);
  EXPECT_EQ(b["contributions_since_previous_version"][0]["unit"], late);
  EXPECT_TRUE(absl::StrContains(Rendering(second, "md"),
                                "**Thị xã Kỳ Anh:** Chưa được tiếp nhận."));
}

}  // namespace
}  // namespace dtr::testing
