// The units' contributions through the real report service and dtctl, on
// SQLite and PostgreSQL: a draft submitted, returned with a reason, edited,
// submitted again and accepted, each step kept with who, when and why; the
// steps a state does not allow are refused and change nothing; a period's
// list; reviews are audited.
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/test_processes.h"

namespace dtr {
namespace {

using json = nlohmann::json;
using testing::BinPath;
using testing::CommandResult;
using testing::HttpGet;
using testing::MakeTempDir;
using testing::ReportServer;
using testing::RunCommand;

class ContributionsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir());
    ASSERT_EQ(RunCommand({BinPath("dtctl"), "sample", "write", "--out", *dir_})
                  .exit_code,
              0);
    // No data service is called: contributions are the report service's.
    // Every district asked for its difficulties from June 2024, by the
    // 20th of the month.
    std::ofstream(*dir_ + "/defaults.json") << R"({"versions": [
        {"from": "2024-06", "deadline_day": 20,
         "sections": [{"section": "difficulties", "levels": ["district"]}]}]})";
    report_ = new ReportServer(
        "127.0.0.1:1", "127.0.0.1:1", "127.0.0.1:1", *dir_ + "/report.db",
        {"--units=" + *dir_ + "/units.csv",
         "--contribution-defaults=" + *dir_ + "/defaults.json"});
  }
  static void TearDownTestSuite() {
    delete report_;
    delete dir_;
  }

  static CommandResult Dtctl(std::vector<std::string> args) {
    std::vector<std::string> argv = {BinPath("dtctl"), "contributions"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("--server");
    argv.push_back(report_->address());
    return RunCommand(argv);
  }

  // The unit's contribution to `section` of 2023-10: `verb` and `extra`.
  static CommandResult Step(const std::string& verb, const std::string& unit,
                            const std::string& section,
                            std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {verb,      "--unit",    unit,   "--period",
                                     "2023-10", "--section", section};
    args.insert(args.end(), extra.begin(), extra.end());
    return Dtctl(args);
  }

  static std::string TextFile(const std::string& text) {
    static int n = 0;
    const std::string path = *dir_ + "/text-" + std::to_string(++n) + ".md";
    std::ofstream(path) << text;
    return path;
  }

  static std::string* dir_;
  static ReportServer* report_;
};
std::string* ContributionsTest::dir_ = nullptr;
ReportServer* ContributionsTest::report_ = nullptr;

TEST_F(ContributionsTest, AReturnedContributionIsEditedSubmittedAndAccepted) {
  const std::string unit = "HT-D01", section = "data";
  CommandResult r = Step("put", unit, section,
                         {"--file", TextFile("- Xây dựng CSDL đất đai.")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(absl::StrContains(r.out, "draft")) << r.out;
  ASSERT_EQ(Step("submit", unit, section).exit_code, 0);

  // Submitted: not written over until reviewed.
  r = Step("put", unit, section, {"--file", TextFile("đổi")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "is submitted: it cannot be written"))
      << r.err;
  // A return says why.
  r = Step("return", unit, section);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  ASSERT_EQ(
      Step("return", unit, section, {"--reason", "Thiếu số liệu của tháng 10"})
          .exit_code,
      0);
  ASSERT_EQ(Step("put", unit, section,
                 {"--file", TextFile("- Xây dựng CSDL đất đai: 80%.")})
                .exit_code,
            0);
  ASSERT_EQ(Step("submit", unit, section).exit_code, 0);
  r = Step("accept", unit, section, {"--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["state"], "accepted");

  // Accepted: it stays as it was accepted.
  r = Step("put", unit, section, {"--file", TextFile("đổi")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "is accepted")) << r.err;
  r = Step("accept", unit, section);
  EXPECT_EQ(r.exit_code, 1);

  r = Step("get", unit, section, {"--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json c = json::parse(r.out);
  EXPECT_EQ(c["text"], "- Xây dựng CSDL đất đai: 80%.");
  const std::vector<std::string> states = {"draft", "submitted", "returned",
                                           "draft", "submitted", "accepted"};
  ASSERT_EQ(c["history"].size(), states.size()) << c.dump(2);
  for (size_t i = 0; i < states.size(); ++i) {
    const json& e = c["history"][i];
    EXPECT_EQ(e["state"], states[i]) << i;
    EXPECT_FALSE(e["at"].get<std::string>().empty());
    EXPECT_FALSE(e["by"].get<std::string>().empty());
  }
  EXPECT_EQ(c["history"][2]["reason"], "Thiếu số liệu của tháng 10");
  // Both texts are kept: the first draft's is not the accepted one's.
  EXPECT_NE(c["history"][0]["text_sha256"], c["history"][5]["text_sha256"]);
  EXPECT_EQ(c["history"][3]["text_sha256"], c["history"][5]["text_sha256"]);

  // Reviews are audited.
  CommandResult audit =
      RunCommand({BinPath("dtctl"), "audit", "list", "--service", "report",
                  "--json", "--server", report_->address()});
  ASSERT_EQ(audit.exit_code, 0) << audit.err;
  std::set<std::string> methods;
  for (const json& e : json::parse(audit.out)) {
    methods.insert(e["method"].get<std::string>() + " " +
                   e["outcome"].get<std::string>());
  }
  for (const char* m :
       {"AcceptContribution accepted", "ReturnContribution accepted",
        "PutContribution refused"}) {
    EXPECT_EQ(methods.count(std::string("/dtr.report.v1.ReportService/") + m),
              1u)
        << m;
  }
}

TEST_F(ContributionsTest, AStepTheStateDoesNotAllowChangesNothing) {
  // Nothing to review yet.
  CommandResult r = Step("accept", "HT-D02", "direction");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "never written")) << r.err;
  ASSERT_EQ(
      Step("put", "HT-D02", "direction", {"--file", TextFile("a")}).exit_code,
      0);
  r = Step("accept", "HT-D02", "direction");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "is a draft")) << r.err;
  r = Step("get", "HT-D02", "direction", {"--json"});
  EXPECT_EQ(json::parse(r.out)["history"].size(), 1u);
  // A section the report does not have, a unit not in the tree.
  r = Step("put", "HT-D02", "nowhere", {"--file", TextFile("a")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "section")) << r.err;
  r = Step("put", "XX-99", "direction", {"--file", TextFile("a")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "unit_code")) << r.err;
}

TEST_F(ContributionsTest, APeriodsContributionsAreListed) {
  ASSERT_EQ(
      Step("put", "HT-D03", "awareness", {"--file", TextFile("a")}).exit_code,
      0);
  ASSERT_EQ(
      Step("put", "HT-D04", "awareness", {"--file", TextFile("b")}).exit_code,
      0);
  ASSERT_EQ(Step("submit", "HT-D04", "awareness").exit_code, 0);
  CommandResult r = Dtctl(
      {"list", "--period", "2023-10", "--section", "awareness", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json list = json::parse(r.out);
  ASSERT_EQ(list.size(), 2u) << list.dump(2);
  EXPECT_EQ(list[0]["unit_code"], "HT-D03");
  EXPECT_EQ(list[0]["state"], "draft");
  EXPECT_EQ(list[1]["unit_code"], "HT-D04");
  EXPECT_EQ(list[1]["state"], "submitted");
}

// Three districts asked for one section of March 2024: one submits in
// time, one after its deadline (then accepted), one not at all.
TEST_F(ContributionsTest, TheRatesAndListsOfAPeriodAreExact) {
  CommandResult r =
      Dtctl({"request", "--period", "2024-03", "--section", "data", "--units",
             "HT-D02,HT-D04", "--deadline", "2099-12-31", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(json::parse(r.out).size(), 2u) << r.out;
  r = Dtctl({"request", "--period", "2024-03", "--section", "data", "--units",
             "HT-D03", "--deadline", "2024-03-20"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string period = "2024-03";
  auto step = [&](const std::string& verb, const std::string& unit,
                  std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {verb,   "--unit",    unit,  "--period",
                                     period, "--section", "data"};
    args.insert(args.end(), extra.begin(), extra.end());
    CommandResult result = Dtctl(args);
    EXPECT_EQ(result.exit_code, 0) << verb << " " << unit << ": " << result.err;
  };
  step("put", "HT-D02", {"--file", TextFile("Đúng hạn.")});
  step("submit", "HT-D02");
  step("put", "HT-D03", {"--file", TextFile("Muộn.")});
  step("submit", "HT-D03");
  step("accept", "HT-D03");
  // A unit not asked may still write: it is not counted.
  step("put", "HT-D05", {"--file", TextFile("Không được yêu cầu.")});
  step("submit", "HT-D05");

  r = Dtctl({"status", "--period", period, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json status = json::parse(r.out);
  auto check = [](const json& rates, const std::string& where) {
    EXPECT_EQ(rates["expected"], 3) << where;
    EXPECT_EQ(rates["submitted"], 2) << where;
    EXPECT_EQ(rates["on_time"], 1) << where;
    EXPECT_EQ(rates["accepted"], 1) << where;
    ASSERT_EQ(rates["missing"].size(), 1u) << where << rates.dump(2);
    EXPECT_EQ(rates["missing"][0]["unit"], "HT-D04") << where;
    EXPECT_EQ(rates["missing"][0]["section"], "data") << where;
    ASSERT_EQ(rates["late"].size(), 1u) << where << rates.dump(2);
    EXPECT_EQ(rates["late"][0]["unit"], "HT-D03") << where;
    EXPECT_EQ(rates["late"][0]["deadline"], "2024-03-20") << where;
  };
  check(status, "total");
  ASSERT_EQ(status["sections"].size(), 1u) << status.dump(2);
  EXPECT_EQ(status["sections"][0]["section"], "data");
  check(status["sections"][0], "section");
  ASSERT_EQ(status["levels"].size(), 1u) << status.dump(2);
  EXPECT_EQ(status["levels"][0]["level"], "district");
  check(status["levels"][0], "level");

  // The panel of who has not reported: one series per missing unit, its
  // deadline's end (2100-01-01 00:00 +07:00).
  const std::string series =
      "dtr_contribution_missing_deadline_timestamp_seconds{level=\"district\","
      "period=\"2024-03\",section=\"data\",unit=\"HT-D04\"";
  std::string metrics;
  for (int i = 0; i < 100; ++i) {
    metrics = HttpGet(report_->metrics_port(), "/metrics");
    if (absl::StrContains(metrics, series)) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_TRUE(absl::StrContains(metrics, series)) << metrics;
  EXPECT_TRUE(absl::StrContains(metrics, "4102419600")) << metrics;
  EXPECT_FALSE(absl::StrContains(
      metrics, "period=\"2024-03\",section=\"data\",unit=\"HT-D02\""));
  EXPECT_TRUE(absl::StrContains(
      metrics,
      "dtr_contributions_on_time{period=\"2024-03\",section=\"data\"} 1"))
      << metrics;

  // Bad requests: a date that is not one (dtctl refuses it), a section
  // the report does not have (the service names it).
  r = Dtctl({"request", "--period", period, "--section", "data", "--units",
             "HT-D02", "--deadline", "2024-02-30"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  r = Dtctl({"request", "--period", period, "--section", "data,nowhere",
             "--units", "HT-D02", "--deadline", "2024-03-20"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "sections[1]")) << r.err;
}

// The defaults file asks every district from June 2024; a request for the
// districts sets them another deadline; May 2024 asks nothing.
TEST_F(ContributionsTest, AMonthAsksWhatTheDefaultsSayUnlessAsked) {
  CommandResult r = Dtctl({"requests", "--period", "2024-06", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json requests = json::parse(r.out);
  ASSERT_EQ(requests.size(), 13u) << requests.dump(2);
  for (const json& q : requests) {
    EXPECT_EQ(q["section"], "difficulties");
    EXPECT_EQ(q["level"], "district");
    EXPECT_EQ(q["deadline"], "2024-06-20");
    EXPECT_EQ(q["by_default"], true);
  }
  EXPECT_EQ(requests[0]["unit"], "HT-D01");
  ASSERT_EQ(Dtctl({"request", "--period", "2024-06", "--section",
                   "difficulties", "--subtree", "HT", "--level", "district",
                   "--deadline", "2024-06-25"})
                .exit_code,
            0);
  r = Dtctl({"requests", "--period", "2024-06", "--json"});
  requests = json::parse(r.out);
  ASSERT_EQ(requests.size(), 13u);
  EXPECT_EQ(requests[0]["deadline"], "2024-06-25");
  EXPECT_EQ(requests[0]["by_default"], false);

  r = Dtctl({"status", "--period", "2024-05", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["expected"], 0);
  r = Dtctl({"status", "--period", "2024-06", "--json"});
  EXPECT_EQ(json::parse(r.out)["expected"], 13);
  EXPECT_EQ(json::parse(r.out)["missing"].size(), 13u);
}

}  // namespace
}  // namespace dtr
