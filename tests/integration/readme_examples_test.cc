// The README's dtctl examples, run as written against the sample stack:
// the README is this test's input, so the two cannot drift apart. The
// block is run line by line by sh with -e (any failing command fails the
// test); only the services' addresses, where `make build` leaves dtctl and
// the scratch directory are replaced by this test's own.
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "tests/integration/test_processes.h"

namespace dtr::testing {
namespace {

// The README's first ```sh block after its "### dtctl" heading.
std::string DtctlExamples() {
  std::ifstream in(DTR_SOURCE_DIR "/README.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  const size_t heading = readme.find("\n### dtctl\n");
  const size_t open = readme.find("```sh\n", heading);
  const size_t close = readme.find("```\n", open + 6);
  if (heading == std::string::npos || open == std::string::npos ||
      close == std::string::npos) {
    return "";
  }
  return readme.substr(open + 6, close - open - 6);
}

TEST(ReadmeExamplesTest, TheDtctlExamplesRunAsWritten) {
  const std::string examples = DtctlExamples();
  ASSERT_FALSE(examples.empty()) << "no ```sh block under ### dtctl";
  const std::string dir = MakeTempDir();
  CommandResult sample = RunCommand(
      {BinPath("dtctl"), "sample", "write", "--out", dir + "/setup"});
  ASSERT_EQ(sample.exit_code, 0) << sample.err;
  const std::string units = dir + "/setup/units.csv";
  StatsServer stats(units, "", dir + "/stats.db");
  SecurityServer security(units, "", dir + "/security.db");
  WorkforceServer workforce(units, "", dir + "/workforce.db");
  // As make run starts it: the settings from the sample's file.
  ReportServer report(
      stats.address(), security.address(), workforce.address(),
      dir + "/report.db",
      {"--units=" + units, "--settings=" + dir + "/setup/settings.json"});
  const std::string bin = BinPath("");
  const std::string script = absl::StrCat(
      "set -e -x\ncd ", dir, "\n",
      absl::StrReplaceAll(examples,
                          {{"127.0.0.1:7101", stats.address()},
                           {"127.0.0.1:7102", security.address()},
                           {"127.0.0.1:7103", workforce.address()},
                           {"127.0.0.1:7104", report.address()},
                           {"$PWD/build/bin", bin.substr(0, bin.size() - 1)},
                           {"/tmp/", dir + "/tmp-"}}));
  CommandResult run = RunCommand({"sh", "-c", script});
  EXPECT_EQ(run.exit_code, 0)
      << "the README's examples failed at the "
         "last command shown:\n"
      << run.err.substr(run.err.size() > 4000 ? run.err.size() - 4000 : 0);
  // What they say they do, they did.
  for (const std::string& file : {dir + "/tmp-dtr-report/HT-2023-10.docx",
                                  dir + "/tmp-dtr-report/HT-2023-10.json",
                                  dir + "/tmp-dtr-report-v1/HT-2023-10.docx",
                                  dir + "/tmp-dtr-report-v1/HT-2023-10.json"}) {
    EXPECT_TRUE(std::ifstream(file).good()) << file;
  }
  EXPECT_TRUE(absl::StrContains(run.out, "would be")) << run.out;
  EXPECT_TRUE(absl::StrContains(run.out, "HT-D08")) << run.out;
}

}  // namespace
}  // namespace dtr::testing
