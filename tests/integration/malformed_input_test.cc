// Malformed files of every import through dtctl into the real services:
// truncated rows, wrong types, huge fields, invalid UTF-8, dates out of
// range, negative amounts, unknown units and systems, an id twice in one
// message, a 100 MB line. Each file also holds a valid row: every file is
// refused with an error naming the problem and nothing of it is written
// (the valid row imports as new afterwards).
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/integration/test_processes.h"

namespace dtr::testing {
namespace {

struct CsvSample {
  std::string header;
  std::vector<std::string> columns;
  std::vector<std::string> row;  // the file's first record, split

  int Column(const std::string& name) const {
    for (size_t i = 0; i < columns.size(); ++i) {
      if (columns[i] == name) return static_cast<int>(i);
    }
    ADD_FAILURE() << "no column " << name << " in " << header;
    return 0;
  }
  // The record with `column` set to `value`.
  std::string With(const std::string& column, const std::string& value) const {
    std::vector<std::string> fields = row;
    fields[Column(column)] = value;
    return absl::StrJoin(fields, ",");
  }
  std::string Valid() const { return absl::StrJoin(row, ","); }
};

class MalformedInputTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir());
    CommandResult sample =
        RunCommand({BinPath("dtctl"), "sample", "write", "--out", *dir_});
    ASSERT_EQ(sample.exit_code, 0) << sample.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  static CsvSample Sample(const std::string& file) {
    std::ifstream in(*dir_ + "/" + file);
    CsvSample s;
    std::string line;
    std::getline(in, s.header);
    std::getline(in, line);
    s.columns = absl::StrSplit(s.header, ',');
    s.row = absl::StrSplit(line, ',');
    return s;
  }

  // Writes the header, the valid record and `bad`, and imports the file.
  static CommandResult Import(const std::vector<std::string>& command,
                              const std::string& server,
                              const CsvSample& sample, const std::string& bad,
                              const std::string& name) {
    const std::string path = *dir_ + "/" + name + ".csv";
    std::ofstream(path) << sample.header << "\n"
                        << sample.Valid() << "\n"
                        << bad << "\n";
    std::vector<std::string> argv = {BinPath("dtctl")};
    argv.insert(argv.end(), command.begin(), command.end());
    argv.insert(argv.end(), {path, "--server", server});
    return RunCommand(argv);
  }

  // Every case refused with `expected` in its error; then the valid record
  // alone imports as new: nothing of the refused files was written.
  static void ExpectAllRefused(
      const std::vector<std::string>& command, const std::string& server,
      const CsvSample& sample,
      const std::vector<std::tuple<std::string, std::string, std::string>>&
          cases) {
    for (const auto& [name, bad, expected] : cases) {
      CommandResult r = Import(command, server, sample, bad, name);
      EXPECT_EQ(r.exit_code, 1) << name << ": " << r.out << r.err;
      EXPECT_TRUE(absl::StrContains(r.err, expected))
          << name << ": expected '" << expected << "' in\n"
          << r.err.substr(0, 2000);
    }
    const std::string path = *dir_ + "/valid.csv";
    std::ofstream(path) << sample.header << "\n" << sample.Valid() << "\n";
    std::vector<std::string> argv = {BinPath("dtctl")};
    argv.insert(argv.end(), command.begin(), command.end());
    argv.insert(argv.end(), {path, "--server", server});
    CommandResult valid = RunCommand(argv);
    EXPECT_EQ(valid.exit_code, 0) << valid.err;
    EXPECT_TRUE(absl::StrContains(valid.out, "1 new")) << valid.out;
  }

  static std::string* dir_;
};

std::string* MalformedInputTest::dir_ = nullptr;

TEST_F(MalformedInputTest, DossiersAndPayments) {
  StatsServer stats(*dir_ + "/units.csv", "");
  const CsvSample dossiers = Sample("dossiers.csv");
  const std::string truncated = absl::StrJoin(
      std::vector<std::string>(dossiers.row.begin(), dossiers.row.begin() + 4),
      ",");
  std::vector<std::string> other = dossiers.row;
  other[dossiers.Column("dossier_id")] = "OTHER-1";
  const std::string twice =
      absl::StrJoin(other, ",") + "\n" + absl::StrJoin(other, ",");
  // A line of 100 MB: dtctl stops reading it at 1 MiB, names its line and
  // sends nothing (ExpectAllRefused's valid import then finds the valid
  // record new).
  CommandResult huge =
      Import({"dossiers", "import"}, stats.address(), dossiers,
             dossiers.With("procedure_code", std::string(100 << 20, 'p')),
             "hundred-mb-line");
  EXPECT_EQ(huge.exit_code, 2) << huge.err.substr(0, 2000);
  EXPECT_TRUE(absl::StrContains(huge.err, ":3: a record longer than 1 MiB"))
      << huge.err.substr(0, 2000);
  ExpectAllRefused(
      {"dossiers", "import"}, stats.address(), dossiers,
      {{"truncated", truncated,
        absl::StrCat("expected ", dossiers.columns.size(), " fields, found 4")},
       {"wrong-type", dossiers.With("digitized", "maybe"), "digitized"},
       {"unknown-word", dossiers.With("components_digitized", "yes"),
        "components_digitized"},
       {"bad-channel", dossiers.With("channel", "carrier-pigeon"), "channel"},
       {"huge-id", dossiers.With("dossier_id", std::string(100000, 'x')),
        "dossier_id"},
       {"invalid-utf8", dossiers.With("unit_code", "\xff\xfe"), "UTF-8"},
       {"month-13", dossiers.With("received_at", "2023-13-45T08:00:00+07:00"),
        "received_at"},
       {"far-future", dossiers.With("received_at", "2099-01-01T08:00:00+07:00"),
        "received_at"},
       {"unknown-unit", dossiers.With("unit_code", "NOWHERE"), "unit_code"},
       {"twice", twice, "appears twice in one message"}});

  const CsvSample payments = Sample("payments.csv");
  ExpectAllRefused(
      {"payments", "import"}, stats.address(), payments,
      {{"negative", payments.With("amount_vnd", "-5000"), "amount_vnd"},
       {"not-a-number", payments.With("amount_vnd", "5.000 đ"), "amount_vnd"},
       {"bad-date", payments.With("paid_at", "yesterday"), "paid_at"},
       {"unknown-unit", payments.With("unit_code", "NOWHERE"), "unit_code"},
       {"bad-status", payments.With("status", "maybe"), "status"}});
}

TEST_F(MalformedInputTest, StaffAndSystems) {
  WorkforceServer workforce(*dir_ + "/units.csv", "");
  const CsvSample staff = Sample("staff.csv");
  ExpectAllRefused(
      {"workforce", "staff", "import"}, workforce.address(), staff,
      {{"unknown-unit", staff.With("unit_code", "NOWHERE"), "unit_code"},
       {"bad-national-id", staff.With("national_id", "12345"), "national_id"},
       {"bad-date", staff.With("start_date", "2023-02-30"), "start_date"},
       {"invalid-utf8", staff.With("full_name", "\xc3\x28"), "UTF-8"},
       {"truncated", staff.With("field", "") + ",extra,columns", "fields"}});

  SecurityServer security(*dir_ + "/units.csv", "");
  const CsvSample systems = Sample("systems.csv");
  ExpectAllRefused(
      {"security", "systems", "import", "--effective", "2023-01-01"},
      security.address(), systems,
      {{"unknown-unit", systems.With("owner_unit", "NOWHERE"), "owner_unit"},
       {"bad-level", systems.With("security_level", "9"), "security_level"},
       {"invalid-utf8", systems.With("name", "\xff"), "UTF-8"}});
}

TEST_F(MalformedInputTest, ControlsEndpointsAndIncidents) {
  SecurityServer security(*dir_ + "/units.csv", "");
  // The systems the controls and incidents belong to.
  CommandResult systems =
      RunCommand({BinPath("dtctl"), "security", "systems", "import",
                  *dir_ + "/systems.csv", "--effective", "2023-01-01",
                  "--server", security.address()});
  ASSERT_EQ(systems.exit_code, 0) << systems.err;
  const std::vector<std::string> import = {"security", "", "import",
                                           "--effective", "2023-10-31"};
  auto command = [&](const std::string& kind) {
    std::vector<std::string> c = import;
    c[1] = kind;
    return c;
  };

  const CsvSample controls = Sample("controls.csv");
  ExpectAllRefused(
      command("controls"), security.address(), controls,
      {{"unknown-control", controls.With("control_id", "X.NOPE.99"),
        "control_id"},
       {"bad-state", controls.With("state", "sort-of"), "state"},
       {"unknown-system", controls.With("system_id", "NO-SUCH-SYSTEM"),
        "system_id"},
       {"bad-day", controls.With("checked_at", "2023-02-30"), "checked_at"},
       {"future-day", controls.With("checked_at", "2099-01-01"), "checked_at"},
       {"huge-evidence", controls.With("evidence", std::string(5000, 'e')),
        "evidence: is 5000 bytes long, at most 2000 (row 2)"},
       {"invalid-utf8", controls.With("evidence", "\xed\xa0\x80"), "UTF-8"},
       {"truncated", "HT-S02-DVC,M.POL.01", "fields"}});

  const CsvSample endpoints = Sample("endpoints.csv");
  ExpectAllRefused(
      command("endpoints"), security.address(), endpoints,
      {{"bad-kind", endpoints.With("kind", "toaster"), "kind"},
       {"bad-antimalware", endpoints.With("antimalware", "hope"),
        "antimalware"},
       {"unknown-unit", endpoints.With("unit_code", "NOWHERE"), "unit_code"},
       {"bad-day", endpoints.With("last_seen", "31/10/2023"), "last_seen"},
       {"huge-id", endpoints.With("endpoint_id", std::string(300, 'w')),
        "endpoint_id"}});

  // The malformed incidents are other incidents than the valid one (a row
  // of the same id would be a change of it, refused for another reason).
  const CsvSample incidents = Sample("incidents.csv");
  CsvSample other = incidents;
  other.row[other.Column("incident_id")] = "INC-OTHER";
  ExpectAllRefused(
      command("incidents"), security.address(), incidents,
      {{"closed-before-opened",
        other.With("closed_at", "2023-01-01T08:00:00+07:00"), "closed_at"},
       {"bad-severity", other.With("severity", "apocalyptic"), "severity"},
       {"unknown-system", other.With("system_id", "NO-SUCH-SYSTEM"),
        "system_id"},
       {"future", other.With("opened_at", "2099-01-01T08:00:00+07:00"),
        "opened_at"},
       {"not-a-time", other.With("opened_at", "at noon"), "opened_at"}});
}

TEST_F(MalformedInputTest, CoursesAttendanceAndAbsences) {
  WorkforceServer workforce(*dir_ + "/units.csv", "");
  // The staff the attendance and absences are of.
  CommandResult staff =
      RunCommand({BinPath("dtctl"), "workforce", "staff", "import",
                  *dir_ + "/staff.csv", "--server", workforce.address()});
  ASSERT_EQ(staff.exit_code, 0) << staff.err;

  const CsvSample courses = Sample("courses.csv");
  ExpectAllRefused(
      {"workforce", "courses", "import"}, workforce.address(), courses,
      {{"unknown-organizer", courses.With("organizer_unit", "NOWHERE"),
        "organizer_unit"},
       {"ends-before-it-starts", courses.With("end_date", "2022-12-01"),
        "end_date"},
       {"negative-trainees", courses.With("other_trainees", "-3"),
        "other_trainees"},
       {"not-a-number", courses.With("other_trainees", "many"),
        "other_trainees"},
       {"huge-topic", courses.With("topic", std::string(600, 'x')), "topic"},
       {"huge-title", courses.With("title", std::string(3000, 't')), "title"}});

  // The course of the attendance sample exists now (the valid row above).
  const CsvSample attendance = Sample("attendance.csv");
  ExpectAllRefused(
      {"workforce", "attendance", "import"}, workforce.address(), attendance,
      {{"unknown-course", attendance.With("course_id", "KH-NONE"), "course_id"},
       {"unknown-staff", attendance.With("staff_id", "NS-NONE"), "staff_id"},
       {"truncated", attendance.row[0], "fields"}});

  const CsvSample absences = Sample("absences.csv");
  ExpectAllRefused(
      {"workforce", "absences", "import"}, workforce.address(), absences,
      {{"bad-kind", absences.With("kind", "holiday_in_space"), "kind"},
       {"ends-before-it-starts", absences.With("end_date", "2023-01-01"),
        "end_date"},
       {"unknown-staff", absences.With("staff_id", "NS-NONE"), "staff_id"},
       {"bad-date", absences.With("start_date", "2023-06-31"), "start_date"}});
}

}  // namespace
}  // namespace dtr::testing
