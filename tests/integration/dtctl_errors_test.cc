// What a new user who types something wrong is told: the flag and the
// value they typed and the form expected, the service that is not at the
// address given and how to give another, the command they probably meant,
// and the release with --version.
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "dtr/stats/v1/stats.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/test_processes.h"

namespace dtr::testing {
namespace {

CommandResult Dtctl(std::vector<std::string> args) {
  args.insert(args.begin(), BinPath("dtctl"));
  return RunCommand(args);
}

// `result` ended with `code` and said `expected` on stderr.
void ExpectSaid(const CommandResult& result, int code,
                const std::string& expected) {
  EXPECT_EQ(result.exit_code, code) << result.out << result.err;
  EXPECT_TRUE(absl::StrContains(result.err, expected))
      << "expected '" << expected << "' in\n"
      << result.err;
}

class DtctlErrorsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir());
    std::ofstream(*dir_ + "/units.csv")
        << "code,name,level,parent_code,valid_from,valid_to\n"
           "HT,Province,province,,,\n";
  }
  static std::string* dir_;
};
std::string* DtctlErrorsTest::dir_ = nullptr;

TEST_F(DtctlErrorsTest, ADateNamesTheFlagAndWhatWasTyped) {
  ExpectSaid(Dtctl({"stats", "indicators", "--unit", "HT", "--from",
                    "2023-02-30", "--to", "2023-10-31"}),
             2, "--from '2023-02-30' is not a date (YYYY-MM-DD)");
  ExpectSaid(Dtctl({"workforce", "eligibility", "--staff", "S1", "--month",
                    "2023-13"}),
             2, "--month '2023-13' is not a month (YYYY-MM)");
  ExpectSaid(
      Dtctl({"audit", "list", "--service", "stats", "--since", "yesterday"}), 2,
      "--since 'yesterday' is not a date or a time");
  ExpectSaid(
      Dtctl({"security", "summary", "--unit", "HT", "--as-of", "31/10/2023"}),
      2, "--as-of '31/10/2023' is not a date (YYYY-MM-DD)");
}

TEST_F(DtctlErrorsTest, AServiceNamesTheFieldAndTheValueItRefuses) {
  StatsServer stats(*dir_ + "/units.csv", "", *dir_ + "/stats.db");
  stats::v1::GetIndicatorsRequest request;
  request.set_unit_code("HT");
  request.mutable_range()->set_start_date("2023-02-30");
  request.mutable_range()->set_end_date("2023-10-31");
  std::string response;
  grpc::Status status =
      CallRaw(stats.address(), "/dtr.stats.v1.StatsService/GetIndicators",
              request.SerializeAsString(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "range.start_date: '2023-02-30' is not a date (YYYY-MM-DD)");
}

TEST_F(DtctlErrorsTest, NoServiceOrAnotherAtTheAddressIsSaidSo) {
  const std::vector<std::string> query = {"stats", "indicators", "--unit",
                                          "HT",    "--from",     "2023-01-01",
                                          "--to",  "2023-10-31"};
  // Nothing listens on port 1.
  std::vector<std::string> args = query;
  args.insert(args.end(), {"--server", "127.0.0.1:1"});
  ExpectSaid(Dtctl(args), 1,
             "no stats service at 127.0.0.1:1 (set --server or "
             "DTR_STATS_ADDR)");
  // The security service where the stats service was expected.
  SecurityServer security(*dir_ + "/units.csv", "", *dir_ + "/security.db");
  args = query;
  args.insert(args.end(), {"--server", security.address()});
  ExpectSaid(Dtctl(args), 1,
             absl::StrCat("the service at ", security.address(),
                          " is not the stats service (set --server or "
                          "DTR_STATS_ADDR)"));
  // An address without a port.
  args = query;
  args.insert(args.end(), {"--server", "localhost"});
  ExpectSaid(Dtctl(args), 2, "--server 'localhost': expected HOST:PORT");
}

TEST_F(DtctlErrorsTest, AMistypedCommandGetsTheNearestOne) {
  ExpectSaid(Dtctl({"stat", "indicators"}), 2,
             "unknown command 'stat indicators'; did you mean 'stats "
             "indicators'?");
  // Its flags are not what is wrong.
  ExpectSaid(Dtctl({"stats", "indicator", "--unit", "HT"}), 2,
             "did you mean 'stats indicators'?");
}

TEST_F(DtctlErrorsTest, AuditSinceTakesADay) {
  StatsServer stats(*dir_ + "/units.csv", "", *dir_ + "/audit.db");
  CommandResult r = Dtctl({"audit", "list", "--service", "stats", "--since",
                           "2026-12-06", "--server", stats.address()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

// How many rows `text` lists: lines "FILE:LINE: field: reason" (the
// summary says "N × field: reason").
int RowsListed(const std::string& text) {
  int n = 0;
  for (const char* field : {": unit_code: ", ": channel: "}) {
    for (size_t at = text.find(field); at != std::string::npos;
         at = text.find(field, at + 1)) {
      ++n;
    }
  }
  return n;
}

TEST_F(DtctlErrorsTest, ManyInvalidRowsAreSummedUpFirst) {
  StatsServer stats(*dir_ + "/units.csv", "", *dir_ + "/many.db");
  std::string csv =
      "dossier_id,unit_code,procedure_code,received_at,channel,"
      "service_level,digitized,status,due_at,finished_at\n";
  for (int i = 0; i < 300; ++i) {
    csv += absl::StrCat("D", i, ",", i < 250 ? "ZZ" : "HT", ",1.1,2023-04-01,",
                        i < 250 ? "online" : "carrier-pigeon",
                        ",full,0,pending,,\n");
  }
  const std::string path = *dir_ + "/many.csv";
  std::ofstream(path) << csv;
  const std::vector<std::string> import = {BinPath("dtctl"), "dossiers",
                                           "import",         path,
                                           "--server",       stats.address()};
  const std::string summary = "300 invalid rows listed, by field and reason";
  // On a terminal (a pseudo-terminal of script(1)): the summary, then the
  // first 20 rows.
  CommandResult terminal = RunCommand(
      {"script", "-qec", absl::StrJoin(import, " ") + " 2>&1", "/dev/null"});
  EXPECT_EQ(terminal.exit_code, 1) << terminal.out;
  EXPECT_TRUE(absl::StrContains(terminal.out, summary)) << terminal.out;
  EXPECT_TRUE(absl::StrContains(terminal.out,
                                "250 × unit_code: unknown unit '…' on "
                                "2023-04-01"))
      << terminal.out;
  EXPECT_EQ(RowsListed(terminal.out), 20) << terminal.out;
  EXPECT_TRUE(absl::StrContains(
      terminal.out,
      "280 more rows not shown (--errors-file FILE writes every invalid "
      "row)"))
      << terminal.out;
  // Into a pipe or a log: the summary, then every row.
  CommandResult piped = RunCommand(import);
  EXPECT_LT(piped.err.find(summary), piped.err.find("many.csv:2:"));
  EXPECT_EQ(RowsListed(piped.err), 300);
  // --errors-file: every row in the file.
  std::vector<std::string> with_file = import;
  with_file.insert(with_file.end(), {"--errors-file", *dir_ + "/errors.txt"});
  CommandResult to_file = RunCommand(with_file);
  EXPECT_TRUE(absl::StrContains(to_file.err, "every invalid row is in"))
      << to_file.err;
  std::ifstream errors(*dir_ + "/errors.txt");
  std::string line;
  int lines = 0;
  while (std::getline(errors, line)) ++lines;
  EXPECT_EQ(lines, 300);
}

TEST_F(DtctlErrorsTest, AnEmptyListSaysWhy) {
  StatsServer stats(*dir_ + "/units.csv", "", *dir_ + "/levels.db");
  CommandResult units = Dtctl({"units", "list", "--level", "huyen", "--on",
                               "2023-10-31", "--server", stats.address()});
  EXPECT_EQ(units.exit_code, 0) << units.err;
  EXPECT_TRUE(units.out.empty()) << units.out;
  EXPECT_TRUE(absl::StrContains(units.err,
                                "no units of level 'huyen' on 2023-10-31; the "
                                "levels that day: province"))
      << units.err;
  ReportServer report("127.0.0.1:1", "127.0.0.1:1", "127.0.0.1:1",
                      *dir_ + "/empty-report.db",
                      {"--units=" + *dir_ + "/units.csv"});
  CommandResult reports =
      Dtctl({"report", "list", "--unit", "HT", "--server", report.address()});
  EXPECT_EQ(reports.exit_code, 0) << reports.err;
  EXPECT_TRUE(
      absl::StrContains(reports.err, "no report of HT has been generated"))
      << reports.err;
}

TEST_F(DtctlErrorsTest, TheReportServiceRefusesUnitsItDoesNotKnow) {
  ReportServer report("127.0.0.1:1", "127.0.0.1:1", "127.0.0.1:1",
                      *dir_ + "/units-report.db",
                      {"--units=" + *dir_ + "/units.csv"});
  const std::string text = *dir_ + "/section.md";
  std::ofstream(text) << "Văn bản.\n";
  ExpectSaid(Dtctl({"narrative", "put", "--unit", "HT-XYZ", "--period",
                    "2023-10", "--section", "difficulties", "--file", text,
                    "--server", report.address()}),
             1,
             "unit_code: no unit 'HT-XYZ' in the unit tree in 2023-10 (dtctl "
             "units list shows the units)");
  ExpectSaid(Dtctl({"report", "list", "--unit", "HT-XYZ", "--server",
                    report.address()}),
             1, "unit_code: no unit 'HT-XYZ' in the unit tree");
  // A unit of the tree is taken.
  CommandResult known = Dtctl({"narrative", "put", "--unit", "HT", "--period",
                               "2023-10", "--section", "difficulties", "--file",
                               text, "--server", report.address()});
  EXPECT_EQ(known.exit_code, 0) << known.err;
}

TEST_F(DtctlErrorsTest, TheReportServiceReadsTheAddressesDtctlReads) {
  CommandResult help = RunCommand({BinPath("report-service"), "--help"});
  for (const char* variable :
       {"$DTR_STATS_ADDR", "$DTR_SECURITY_ADDR", "$DTR_WORKFORCE_ADDR"}) {
    EXPECT_TRUE(absl::StrContains(help.out, variable)) << help.out;
  }
}

TEST_F(DtctlErrorsTest, EveryBinarySaysItsRelease) {
  for (const char* binary : {"dtctl", "stats-service", "security-service",
                             "workforce-service", "report-service"}) {
    CommandResult r = RunCommand({BinPath(binary), "--version"});
    EXPECT_EQ(r.exit_code, 0) << binary << ": " << r.err;
    EXPECT_TRUE(absl::StartsWith(r.out, binary)) << r.out;
    EXPECT_TRUE(absl::StrContains(r.out, "(dtr) 0.")) << r.out;
  }
}

}  // namespace
}  // namespace dtr::testing
