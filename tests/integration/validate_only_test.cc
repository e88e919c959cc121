// --validate-only says what an import would do — records new, updated and
// unchanged as the store stands — and writes nothing, for the stats
// service (rows checked a message at a time) and the workforce service
// (rows checked one by one).
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/integration/test_processes.h"

namespace dtr::testing {
namespace {

class ValidateOnlyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir());
    CommandResult written = RunCommand(
        {BinPath("dtctl"), "sample", "write", "--out", *dir_ + "/sample"});
    ASSERT_EQ(written.exit_code, 0) << written.err;
  }

  // The header and rows [first, last) of a sample file, as a file of its
  // own; with `flipped` >= 0, that row's `digitized` column (the 7th)
  // flipped between 0 and 1.
  static std::string Part(const std::string& name, int first, int last,
                          int flipped = -1) {
    std::ifstream in(*dir_ + "/sample/" + name);
    std::string line;
    std::getline(in, line);
    std::string out = line + "\n";
    for (int i = 0; i < last && std::getline(in, line); ++i) {
      if (i < first) continue;
      if (i == flipped) {
        std::vector<std::string> fields = absl::StrSplit(line, ',');
        fields[6] = fields[6] == "1" ? "0" : "1";
        line = absl::StrJoin(fields, ",");
      }
      out += line + "\n";
    }
    const std::string path =
        absl::StrCat(*dir_, "/", first, "-", last, "-", flipped, "-", name);
    std::ofstream(path) << out;
    return path;
  }

  static CommandResult Import(const std::vector<std::string>& command,
                              const std::string& file,
                              const std::string& server, bool validate) {
    std::vector<std::string> argv = {BinPath("dtctl")};
    argv.insert(argv.end(), command.begin(), command.end());
    argv.insert(argv.end(), {file, "--server", server});
    if (validate) argv.push_back("--validate-only");
    return RunCommand(argv);
  }

  static std::string* dir_;
};
std::string* ValidateOnlyTest::dir_ = nullptr;

TEST_F(ValidateOnlyTest, StatsSaysWhatTheImportWouldDo) {
  StatsServer stats(*dir_ + "/sample/units.csv", "");
  const std::vector<std::string> command = {"dossiers", "import"};
  ASSERT_EQ(Import(command, Part("dossiers.csv", 0, 3), stats.address(), false)
                .exit_code,
            0);
  // Rows 1 and 2 again, row 1 changed, and two new ones.
  const std::string next = Part("dossiers.csv", 1, 5, 1);
  CommandResult r = Import(command, next, stats.address(), true);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(absl::StrContains(
      r.out, "would be 2 new, 1 updated, 1 unchanged, 0 rejected"))
      << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "nothing was written")) << r.out;
  // Nothing was: importing the same file for real finds the same.
  CommandResult real = Import(command, next, stats.address(), false);
  EXPECT_TRUE(absl::StrContains(real.out, "2 new, 1 updated, 1 unchanged"))
      << real.out << real.err;
}

TEST_F(ValidateOnlyTest, WorkforceSaysWhatTheImportWouldDo) {
  WorkforceServer workforce(*dir_ + "/sample/units.csv", "");
  const std::vector<std::string> command = {"workforce", "staff", "import"};
  ASSERT_EQ(Import(command, Part("staff.csv", 0, 2), workforce.address(), false)
                .exit_code,
            0);
  CommandResult r =
      Import(command, Part("staff.csv", 0, 4), workforce.address(), true);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(absl::StrContains(
      r.out, "would be 2 new, 0 updated, 2 unchanged, 0 rejected"))
      << r.out;
  CommandResult real =
      Import(command, Part("staff.csv", 0, 4), workforce.address(), false);
  EXPECT_TRUE(absl::StrContains(real.out, "2 new, 0 updated, 2 unchanged"))
      << real.out << real.err;
}

}  // namespace
}  // namespace dtr::testing
