// The locks on issued and closed months, through the real services and
// dtctl: once October's report is issued, every kind of change dated in or
// before October (a security record, staff dates, an absence, a course
// attendance, a unit's contribution) is refused naming the lock and leaves
// the stores as they were; an admin's exception lets exactly its scope
// through until it ends; a month closed by hand locks its subtree only;
// dossiers keep flowing and the next report lists the issued figures that
// changed.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/test_processes.h"

namespace dtr::testing {
namespace {

using json = nlohmann::json;

constexpr char kUnit[] = "HT";
constexpr char kIssued[] = "2023-10";

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class PeriodLocksTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir());
    ASSERT_EQ(RunCommand({BinPath("dtctl"), "sample", "write", "--out", *dir_})
                  .exit_code,
              0);
    const std::string certs = DTR_SOURCE_DIR "/tools/make-certs.sh";
    const std::string pki = *dir_ + "/pki";
    for (const std::vector<std::string>& argv :
         std::vector<std::vector<std::string>>{
             {"sh", certs, pki, "ca", "ca"},
             {"sh", certs, pki, "signer", "signer", "ca", "Dương Văn Tuấn",
              "Sở Thông tin và Truyền thông"},
             {"sh", certs, pki, "signer", "agency", "ca",
              "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "UBND TỈNH HÀ TĨNH"}}) {
      ASSERT_EQ(RunCommand(argv).exit_code, 0) << argv[3] << " " << argv[4];
    }
    // The data services ask the report service for its locks: its port is
    // chosen before any of them starts.
    const std::string report_address = absl::StrCat("127.0.0.1:", FreePort());
    const std::string units = *dir_ + "/units.csv";
    redis_ = new RedisServer();
    stats_ = new StatsServer(units, redis_->address());
    security_ = new SecurityServer(units, redis_->address(), "",
                                   {"--report=" + report_address});
    workforce_ = new WorkforceServer(units, redis_->address(), "",
                                     {"--report=" + report_address});
    report_ =
        new ReportServer(stats_->address(), security_->address(),
                         workforce_->address(), *dir_ + "/report.db",
                         {"--listen=" + report_address, "--units=" + units,
                          "--agency-cert=" + pki + "/agency.pem",
                          "--agency-key=" + pki + "/agency.key",
                          "--trust-anchors=" + pki + "/ca.crt"});
    for (const char* kind : {"dossiers", "payments"}) {
      Expect0({kind, "import", *dir_ + "/" + kind + ".csv"}, stats_);
    }
    for (const char* kind : {"systems", "controls", "endpoints", "incidents"}) {
      Expect0({"security", kind, "import", *dir_ + "/" + kind + ".csv",
               "--effective",
               std::string(kind) == "systems" ? "2023-01-01" : "2023-10-31"},
              security_);
    }
    for (const char* kind : {"staff", "absences", "courses", "attendance"}) {
      Expect0({"workforce", kind, "import", *dir_ + "/" + kind + ".csv"},
              workforce_);
    }
    Expect0({"narrative", "import", *dir_ + "/narratives.json"}, report_);
    Expect0({"report", "settings", "put", *dir_ + "/report-settings.json"},
            report_);
    Expect0({"report", "generate", "--unit", kUnit, "--period", kIssued,
             "--out", MakeTempDir()},
            report_);
    Expect0({"report", "sign", "--unit", kUnit, "--period", kIssued, "--cert",
             pki + "/signer.pem", "--key", pki + "/signer.key"},
            report_);
    Expect0({"report", "issue", "--unit", kUnit, "--period", kIssued}, report_);
  }

  static void TearDownTestSuite() {
    delete report_;
    delete workforce_;
    delete security_;
    delete stats_;
    delete redis_;
    delete dir_;
  }

  static CommandResult Dtctl(std::vector<std::string> args,
                             const ServiceProcess* server) {
    std::vector<std::string> argv = {BinPath("dtctl")};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("--server");
    argv.push_back(server->address());
    return RunCommand(argv);
  }
  static void Expect0(std::vector<std::string> args,
                      const ServiceProcess* server) {
    CommandResult r = Dtctl(args, server);
    ASSERT_EQ(r.exit_code, 0) << args[0] << " " << args[1] << ": " << r.err;
  }

  // A CSV file of `header` and `rows`.
  static std::string Csv(const std::string& header,
                         const std::vector<std::string>& rows) {
    static int n = 0;
    const std::string path = absl::StrCat(*dir_, "/rows-", ++n, ".csv");
    std::ofstream out(path);
    out << header << "\n";
    for (const std::string& row : rows) out << row << "\n";
    return path;
  }
  static std::string Staff(const std::string& id, const std::string& unit,
                           const std::string& start,
                           const std::string& end = "") {
    return Csv(
        "staff_id,full_name,national_id,unit_code,position,role,"
        "qualification,field,start_date,end_date",
        {absl::StrCat(id, ",Trần Văn An,001090001234,", unit,
                      ",it_officer,dedicated,bachelor,it,", start, ",", end)});
  }
  static CommandResult ImportStaff(const std::string& file) {
    return Dtctl({"workforce", "staff", "import", file}, workforce_);
  }

  // What the stores hold, as their own reads say it.
  static std::string StoresNow() {
    std::string out;
    for (const auto& [args, server] :
         std::vector<std::pair<std::vector<std::string>, ServiceProcess*>>{
             {{"security", "summary", "--unit", kUnit, "--as-of", "2023-10-31",
               "--json"},
              security_},
             {{"security", "history", "--system", "HT-S02-DVC", "--json"},
              security_},
             {{"workforce", "summary", "--unit", kUnit, "--from", "2023-01-01",
               "--to", "2023-11-30", "--json"},
              workforce_},
             {{"contributions", "list", "--period", kIssued, "--json"},
              report_}}) {
      CommandResult r = Dtctl(args, server);
      EXPECT_EQ(r.exit_code, 0) << args[0] << " " << args[1] << ": " << r.err;
      absl::StrAppend(&out, r.out);
    }
    return out;
  }

  // A refusal that names the lock of HT's October.
  static void ExpectLocked(const CommandResult& r, const std::string& what,
                           const std::string& field) {
    EXPECT_EQ(r.exit_code, 1) << what << ": " << r.out << r.err;
    EXPECT_TRUE(absl::StrContains(r.err, field)) << what << ": " << r.err;
    EXPECT_TRUE(absl::StrContains(r.err, "2023-10, locked for HT since"))
        << what << ": " << r.err;
    EXPECT_TRUE(absl::StrContains(r.err, "was issued"))
        << what << ": " << r.err;
    EXPECT_TRUE(absl::StrContains(r.err, "dtctl period exceptions add"))
        << what << ": " << r.err;
  }

  static std::string* dir_;
  static RedisServer* redis_;
  static StatsServer* stats_;
  static SecurityServer* security_;
  static WorkforceServer* workforce_;
  static ReportServer* report_;
};
std::string* PeriodLocksTest::dir_ = nullptr;
RedisServer* PeriodLocksTest::redis_ = nullptr;
StatsServer* PeriodLocksTest::stats_ = nullptr;
SecurityServer* PeriodLocksTest::security_ = nullptr;
WorkforceServer* PeriodLocksTest::workforce_ = nullptr;
ReportServer* PeriodLocksTest::report_ = nullptr;

TEST_F(PeriodLocksTest, EveryLockedKindOfChangeIsRefusedAndChangesNothing) {
  CommandResult locks = Dtctl({"period", "locks", "--json"}, report_);
  ASSERT_EQ(locks.exit_code, 0) << locks.err;
  int issued = 0;
  const json listed = json::parse(locks.out);
  for (const json& lock : listed["locks"]) {
    if (lock["unit"] != kUnit || lock["period"] != kIssued) continue;
    ++issued;
    EXPECT_EQ(lock["reason"], "issued");
    EXPECT_FALSE(lock["document_number"].get<std::string>().empty());
  }
  EXPECT_EQ(issued, 1) << locks.out;

  const std::string before = StoresNow();
  // A system created with a backdated --effective, in October and before.
  const std::string system =
      Csv("system_id,name,owner_unit,security_level,dossier_status,decision_no,"
          "decision_date,approved_by,soc_monitored",
          {"HT-S05-NEW,Hệ thống mới,HT-S05,2,none,,,,0"});
  ExpectLocked(Dtctl({"security", "systems", "import", system, "--effective",
                      "2023-10-15"},
                     security_),
               "a system in October", "context.effective_at");
  ExpectLocked(Dtctl({"security", "systems", "import", system, "--effective",
                      "2023-03-01"},
                     security_),
               "a system in March", "context.effective_at");
  // A new staff member who started in October; another's end of service.
  ExpectLocked(ImportStaff(Staff("NS-LOCK-1", "HT-D01", "2023-10-02")),
               "a start date", "start_date");
  ExpectLocked(
      ImportStaff(Staff("NS-000004", "HT-S03", "2021-09-23", "2023-10-20")),
      "an end date", "end_date");
  // An absence, and an attendance of an October course.
  ExpectLocked(Dtctl({"workforce", "absences", "import",
                      Csv("absence_id,staff_id,kind,start_date,end_date",
                          {"AB-LOCK-1,NS-000001,sick_leave,2023-10-03,"
                           "2023-10-05"})},
                     workforce_),
               "an absence", "start_date");
  ExpectLocked(Dtctl({"workforce", "attendance", "import",
                      Csv("course_id,staff_id", {"KH-2023-047,NS-000001"})},
                     workforce_),
               "an attendance", "course_id");
  // October's course with more trainees than it had.
  ExpectLocked(
      Dtctl({"workforce", "courses", "import",
             Csv("course_id,title,organizer_unit,start_date,end_date,topic,"
                 "other_trainees",
                 {"KH-2023-047,Tập huấn sử dụng chữ ký số (Sở Thông tin và "
                  "Truyền thông),HT-S12,2023-10-20,2023-10-21,"
                  "digital_signature,45"})},
            workforce_),
      "a course", "start_date");
  // A unit's contribution to the issued month.
  const std::string text = *dir_ + "/late.md";
  std::ofstream(text) << "Muộn.";
  ExpectLocked(Dtctl({"contributions", "put", "--unit", "HT-S06", "--period",
                      kIssued, "--section", "data", "--file", text},
                     report_),
               "a contribution", "period");
  // Nor is anyone asked for one any more.
  ExpectLocked(
      Dtctl({"contributions", "request", "--period", kIssued, "--section",
             "data", "--units", "HT-S06", "--deadline", "2023-11-05"},
            report_),
      "a request", "period");
  EXPECT_EQ(StoresNow(), before);

  // After the month: flows.
  CommandResult later = ImportStaff(Staff("NS-LOCK-2", "HT-D01", "2023-11-02"));
  EXPECT_EQ(later.exit_code, 0) << later.err;
  later = Dtctl(
      {"security", "systems", "import", system, "--effective", "2023-11-05"},
      security_);
  EXPECT_EQ(later.exit_code, 0) << later.err;
}

TEST_F(PeriodLocksTest, AnExceptionLetsExactlyItsScopeThroughUntilItEnds) {
  const absl::Time until = absl::Now() + absl::Seconds(6);
  CommandResult added =
      Dtctl({"period", "exceptions", "add", "--unit", "HT-D01", "--period",
             kIssued, "--kind", "staff", "--until", FormatInstant(until),
             "--reason", "Bổ sung cán bộ nhập thiếu tháng 10", "--json"},
            report_);
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(json::parse(added.out)["active"], true);

  // Its kind, under its unit, dated in its month: through.
  CommandResult r = ImportStaff(Staff("NS-EXC-1", "HT-D01-C001", "2023-10-06"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // Another subtree, another month, another kind: still locked.
  ExpectLocked(ImportStaff(Staff("NS-EXC-2", "HT-D02", "2023-10-06")),
               "another subtree", "start_date");
  ExpectLocked(ImportStaff(Staff("NS-EXC-3", "HT-D01", "2023-09-06")),
               "another month", "start_date");
  ExpectLocked(Dtctl({"workforce", "absences", "import",
                      Csv("absence_id,staff_id,kind,start_date,end_date",
                          {"AB-EXC-1,NS-EXC-1,sick_leave,2023-10-09,"
                           "2023-10-10"})},
                     workforce_),
               "another kind", "start_date");
  CommandResult open =
      Dtctl({"period", "exceptions", "list", "--json"}, report_);
  ASSERT_EQ(open.exit_code, 0) << open.err;
  ASSERT_EQ(json::parse(open.out).size(), 1u) << open.out;

  // It ends by itself.
  absl::SleepFor(until - absl::Now() + absl::Milliseconds(500));
  ExpectLocked(ImportStaff(Staff("NS-EXC-4", "HT-D01", "2023-10-07")),
               "after it ended", "start_date");
  open = Dtctl({"period", "exceptions", "list", "--json"}, report_);
  EXPECT_TRUE(json::parse(open.out).empty()) << open.out;
  open = Dtctl({"period", "exceptions", "list", "--all", "--json"}, report_);
  const json all = json::parse(open.out);
  ASSERT_EQ(all.size(), 1u) << open.out;
  EXPECT_EQ(all[0]["active"], false);
  EXPECT_EQ(all[0]["kind"], "staff");

  // Narrow by design: at most 31 days, with a reason; audited.
  r = Dtctl({"period", "exceptions", "add", "--unit", "HT", "--period", kIssued,
             "--kind", "staff", "--until", "2099-01-01", "--reason", "x"},
            report_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "31 days")) << r.err;
  r = Dtctl({"audit", "list", "--service", "report", "--json"}, report_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(absl::StrContains(r.out, "AddLockException")) << r.out;
}

TEST_F(PeriodLocksTest, AMonthClosedByHandLocksItsSubtreeOnly) {
  // Only a month that is over.
  const std::string this_month = FormatDay(Today()).substr(0, 7);
  CommandResult r = Dtctl(
      {"period", "close", "--unit", "HT-D02", "--period", this_month}, report_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "has not ended")) << r.err;
  r = Dtctl(
      {"period", "close", "--unit", "HT-D02", "--period", "2023-11", "--json"},
      report_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["reason"], "closed");
  r = ImportStaff(Staff("NS-CLOSE-1", "HT-D02-C001", "2023-11-03"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "2023-11, locked for HT-D02 since"))
      << r.err;
  EXPECT_TRUE(absl::StrContains(r.err, "closed by")) << r.err;
  r = ImportStaff(Staff("NS-CLOSE-2", "HT-D03", "2023-11-03"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string text = *dir_ + "/november.md";
  std::ofstream(text) << "Tháng 11.";
  r = Dtctl({"contributions", "put", "--unit", "HT-D02-C001", "--period",
             "2023-11", "--section", "data", "--file", text},
            report_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "locked for HT-D02")) << r.err;
  r = Dtctl({"contributions", "put", "--unit", "HT-D03", "--period", "2023-11",
             "--section", "data", "--file", text},
            report_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(PeriodLocksTest, DossiersFlowAndTheNextReportListsTheIssuedChanges) {
  const std::string csv = Csv(
      "dossier_id,unit_code,procedure_code,received_at,channel,service_level,"
      "digitized,status,due_at,finished_at",
      {"LATE-1,HT-D01-C001,1.001234,2023-10-20,online,full,1,done_on_time,"
       "2023-10-25,2023-11-02"});
  CommandResult imported = Dtctl({"dossiers", "import", csv}, stats_);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;

  const std::string out = MakeTempDir();
  CommandResult generated = Dtctl({"report", "generate", "--unit", kUnit,
                                   "--period", "2023-11", "--out", out},
                                  report_);
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  const json report = json::parse(ReadText(out + "/HT-2023-11.json"));
  const json& adjusted = report["adjustments_of_issued_months"];
  ASSERT_EQ(adjusted.size(), 1u) << adjusted.dump(2);
  EXPECT_EQ(adjusted[0]["period"], kIssued);
  EXPECT_FALSE(adjusted[0]["document_number"].get<std::string>().empty());
  bool received = false;
  for (const json& c : adjusted[0]["changes"]) {
    if (c["figure"] != "stats.total.dossiers_received") continue;
    received = true;
    const int64_t was = std::stoll(c["before"].get<std::string>());
    EXPECT_EQ(c["after"], absl::StrCat(was + 1));
  }
  EXPECT_TRUE(received) << adjusted.dump(2);
  const std::string md = ReadText(out + "/HT-2023-11.md");
  EXPECT_TRUE(absl::StrContains(md, "Điều chỉnh số liệu các tháng đã ban hành"))
      << md;
  EXPECT_TRUE(absl::StrContains(md, "**Tháng 10/2023** (báo cáo số ")) << md;
}

}  // namespace
}  // namespace dtr::testing
