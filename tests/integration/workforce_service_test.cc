// The workforce service against a real Redis: the sample's workforce
// figures, explained eligibility, national ids that never leave the
// service unmasked (responses, dtctl output, logs, metrics), refused
// batches, the staff life cycle.
#include <signal.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "dtr/workforce/v1/workforce.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/test_processes.h"

namespace dtr::testing {
namespace {

namespace wv1 = workforce::v1;
using nlohmann::json;

json Fixture() {
  std::ifstream in(TestDataPath("ha-tinh-2023-10.json"));
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

std::chrono::system_clock::time_point Deadline() {
  return std::chrono::system_clock::now() + std::chrono::seconds(20);
}

std::unique_ptr<wv1::WorkforceService::Stub> StubFor(
    const std::string& address) {
  return wv1::WorkforceService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
}

// The rows of a CSV file the sample wrote (no quoted commas in the columns
// read here), as maps from the header's names.
std::vector<std::map<std::string, std::string>> ReadCsv(
    const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = absl::StrSplit(line, ',');
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    const std::vector<std::string> fields = absl::StrSplit(line, ',');
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < header.size() && i < fields.size(); ++i) {
      row[header[i]] = fields[i];
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// The masked form the API promises: "0012******89".
std::string Masked(const std::string& id) {
  return id.substr(0, 4) + "******" + id.substr(10);
}

wv1::GetWorkforceSummaryResponse Summary(wv1::WorkforceService::Stub* stub,
                                         const std::string& unit,
                                         const std::string& from,
                                         const std::string& to) {
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  wv1::GetWorkforceSummaryRequest request;
  request.set_unit_code(unit);
  request.mutable_range()->set_start_date(from);
  request.mutable_range()->set_end_date(to);
  wv1::GetWorkforceSummaryResponse response;
  grpc::Status status = stub->GetWorkforceSummary(&context, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response;
}

const wv1::WorkforceBlock& Level(const wv1::GetWorkforceSummaryResponse& r,
                                 const std::string& level) {
  for (const auto& l : r.levels()) {
    if (l.level() == level) return l.workforce();
  }
  ADD_FAILURE() << "no level " << level;
  return r.total();
}

std::vector<wv1::Staff> ListAllStaff(wv1::WorkforceService::Stub* stub,
                                     const std::string& on_date,
                                     std::string* serialized) {
  std::vector<wv1::Staff> staff;
  wv1::ListStaffRequest request;
  request.set_on_date(on_date);
  request.set_page_size(100);
  do {
    grpc::ClientContext context;
    wv1::ListStaffResponse page;
    grpc::Status status = stub->ListStaff(&context, request, &page);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) break;
    serialized->append(page.SerializeAsString());
    staff.insert(staff.end(), page.staff().begin(), page.staff().end());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return staff;
}

// The sample month loaded into a workforce service, with every national id
// and full name of its staff, and everything the test has seen: dtctl's
// output and the responses, checked for national ids when the test ends,
// together with the service's log and metrics.
class WorkforceSampleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fixture_ = Fixture();
    dir_ = MakeTempDir();
    ASSERT_EQ(Dtctl({"sample", "write", "--out", dir_}).exit_code, 0);
    server_ = std::make_unique<WorkforceServer>(dir_ + "/units.csv",
                                                redis_.address());
    stub_ = StubFor(server_->address());
    for (const char* kind : {"staff", "absences", "courses", "attendance"}) {
      CommandResult import =
          Dtctl({"workforce", kind, "import", dir_ + "/" + kind + ".csv"});
      ASSERT_EQ(import.exit_code, 0) << kind << ": " << import.err;
      EXPECT_TRUE(absl::StrContains(import.out, " 0 rejected")) << import.out;
    }
    for (const auto& row : ReadCsv(dir_ + "/staff.csv")) {
      national_ids_.push_back(row.at("national_id"));
      full_names_.push_back(row.at("full_name"));
    }
    ASSERT_GT(national_ids_.size(), 300u);
    from_ = fixture_["period"]["from"];
    to_ = fixture_["period"]["to"];
    unit_ = fixture_["province"]["code"];
  }

  void TearDown() override {
    if (server_ == nullptr) return;
    seen_ += HttpGet(server_->metrics_port(), "/metrics");
    const std::string log = server_->process().StderrText();
    EXPECT_FALSE(log.empty());
    for (const std::string& id : national_ids_) {
      EXPECT_FALSE(absl::StrContains(log, id)) << "the log shows " << id;
      EXPECT_FALSE(absl::StrContains(seen_, id)) << "a response shows " << id;
    }
  }

  CommandResult Dtctl(std::vector<std::string> args) {
    args.insert(args.begin(), BinPath("dtctl"));
    if (server_ != nullptr) {
      args.push_back("--server");
      args.push_back(server_->address());
    }
    CommandResult result = RunCommand(args);
    seen_ += result.out + result.err;
    return result;
  }

  // A staff row of the sample that matches `match`.
  std::map<std::string, std::string> StaffWhere(
      const std::function<bool(const std::map<std::string, std::string>&)>&
          match) {
    for (const auto& row : ReadCsv(dir_ + "/staff.csv")) {
      if (match(row)) return row;
    }
    ADD_FAILURE() << "no such staff member in the sample";
    return {};
  }

  json fixture_;
  std::string dir_, from_, to_, unit_;
  RedisServer redis_;
  std::unique_ptr<WorkforceServer> server_;
  std::unique_ptr<wv1::WorkforceService::Stub> stub_;
  std::vector<std::string> national_ids_, full_names_;
  std::string seen_;
};

TEST_F(WorkforceSampleTest, ReproducesTheFixture) {
  const json& w = fixture_["workforce"];
  const std::vector<std::string> levels = fixture_["org_units"]["levels"];
  const wv1::GetWorkforceSummaryResponse r =
      Summary(stub_.get(), unit_, from_, to_);
  seen_ += r.SerializeAsString();
  EXPECT_EQ(r.eligibility_month(), to_.substr(0, 7));
  const wv1::WorkforceBlock& province = Level(r, levels[0]);
  const wv1::WorkforceBlock& district = Level(r, levels[1]);
  const wv1::WorkforceBlock& commune = Level(r, levels[2]);

  // Dedicated IT staff by level.
  EXPECT_EQ(province.dedicated() + district.dedicated(),
            w["it_staff"]["province_and_district"].get<int64_t>());
  EXPECT_EQ(commune.dedicated(), w["it_staff"]["commune"].get<int64_t>());
  EXPECT_EQ(r.total().dedicated(), w["it_staff"]["all"].get<int64_t>());
  EXPECT_EQ(r.total().staff(), r.total().dedicated() + r.total().concurrent());
  // IT master's and bachelor's degrees, of all staff in service.
  EXPECT_EQ(r.total().qualification().at("master").it(),
            w["qualifications"]["master_it"].get<int64_t>());
  EXPECT_EQ(r.total().qualification().at("bachelor").it(),
            w["qualifications"]["bachelor_it"].get<int64_t>());
  // The sample's IT degrees are all held by dedicated staff, whose shares
  // the report quotes.
  EXPECT_EQ(r.total().dedicated_qualification().at("master").it(),
            w["qualifications"]["master_it"].get<int64_t>());
  EXPECT_EQ(
      r.total().dedicated_qualification().at("bachelor").share().denominator(),
      r.total().dedicated());
  ASSERT_EQ(r.allowance_rules_size(), 1);
  EXPECT_EQ(r.allowance_rules(0).rule_id(), "HT-NQ93-2014");
  int64_t by_qualification = 0;
  for (const auto& [name, count] : r.total().qualification()) {
    by_qualification += count.count();
    EXPECT_EQ(count.share().denominator(), r.total().staff()) << name;
  }
  EXPECT_EQ(by_qualification, r.total().staff());
  // Eligible for the allowance, among dedicated staff.
  const json& eligible = w["special_allowance_eligible"];
  EXPECT_EQ(province.eligible().numerator() + district.eligible().numerator(),
            eligible["province_and_district"].get<int64_t>());
  EXPECT_EQ(
      province.eligible().denominator() + district.eligible().denominator(),
      w["it_staff"]["province_and_district"].get<int64_t>());
  EXPECT_EQ(commune.eligible().numerator(), eligible["commune"].get<int64_t>());
  EXPECT_EQ(commune.eligible().denominator(),
            w["it_staff"]["commune"].get<int64_t>());
  // The rate follows from the counts (205/216 = 94.91%), not the
  // published rounding (94%).
  EXPECT_NEAR(commune.eligible().ratio(), 205.0 / 216.0, 1e-9);
  // Training in the period: courses of the year before left out.
  EXPECT_EQ(r.total().training().courses(),
            w["training"]["classes"].get<int64_t>());
  EXPECT_EQ(r.total().training().trainees(),
            w["training"]["trainees"].get<int64_t>());
  EXPECT_EQ(r.total().training().registered_trainees() +
                r.total().training().other_trainees(),
            r.total().training().trainees());
  EXPECT_GT(r.total().training().registered_trainees(), 0);
  // The same figures through ListCourses.
  grpc::ClientContext context;
  wv1::ListCoursesRequest courses;
  courses.set_unit_code(unit_);
  courses.mutable_range()->set_start_date(from_);
  courses.mutable_range()->set_end_date(to_);
  wv1::ListCoursesResponse listed;
  ASSERT_TRUE(stub_->ListCourses(&context, courses, &listed).ok());
  EXPECT_EQ(listed.courses_size(), w["training"]["classes"].get<int>());
  EXPECT_LT(listed.courses_size(),
            static_cast<int>(ReadCsv(dir_ + "/courses.csv").size()));
}

TEST_F(WorkforceSampleTest, DtctlSummaryJsonKeepsItsShape) {
  CommandResult result = Dtctl({"workforce", "summary", "--unit", unit_,
                                "--from", from_, "--to", to_, "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json out = json::parse(result.out);
  EXPECT_EQ(out["unit"], unit_);
  EXPECT_EQ(out["from"], from_);
  EXPECT_EQ(out["to"], to_);
  const wv1::GetWorkforceSummaryResponse r =
      Summary(stub_.get(), unit_, from_, to_);
  std::vector<std::pair<json, const wv1::WorkforceBlock*>> blocks = {
      {out["total"], &r.total()}};
  ASSERT_EQ(out["levels"].size(), static_cast<size_t>(r.levels_size()));
  for (const auto& level : r.levels()) {
    blocks.emplace_back(out["levels"][level.level()], &level.workforce());
  }
  for (const auto& [block, expected] : blocks) {
    EXPECT_EQ(block["staff"], expected->staff());
    EXPECT_EQ(block["dedicated"], expected->dedicated());
    EXPECT_EQ(block["concurrent"], expected->concurrent());
    for (const char* q :
         {"doctorate", "master", "bachelor", "college", "other"}) {
      ASSERT_TRUE(block["qualification"].contains(q)) << q;
      const auto it = expected->qualification().find(q);
      const int64_t count =
          it == expected->qualification().end() ? 0 : it->second.count();
      const int64_t it_count =
          it == expected->qualification().end() ? 0 : it->second.it();
      EXPECT_EQ(block["qualification"][q]["count"], count) << q;
      EXPECT_EQ(block["qualification"][q]["it"], it_count) << q;
    }
    EXPECT_EQ(block["eligible"]["numerator"], expected->eligible().numerator());
    EXPECT_EQ(block["eligible"]["denominator"],
              expected->eligible().denominator());
    if (expected->eligible().denominator() > 0) {
      EXPECT_DOUBLE_EQ(block["eligible"]["ratio"].get<double>(),
                       expected->eligible().ratio());
    }
    EXPECT_EQ(block["training"]["courses"], expected->training().courses());
    EXPECT_EQ(block["training"]["trainees"], expected->training().trainees());
  }
  EXPECT_EQ(out["total"]["training"]["trainees"],
            fixture_["workforce"]["training"]["trainees"]);
  // The table for people says the same.
  CommandResult table = Dtctl(
      {"workforce", "summary", "--unit", unit_, "--from", from_, "--to", to_});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_TRUE(absl::StrContains(table.out, "2,900")) << table.out;
  EXPECT_TRUE(absl::StrContains(table.out, "205/216 94.91%")) << table.out;
  // Names of people never appear in a summary.
  for (const std::string& name : full_names_) {
    ASSERT_FALSE(absl::StrContains(result.out, name)) << name;
    ASSERT_FALSE(absl::StrContains(table.out, name)) << name;
    ASSERT_FALSE(absl::StrContains(r.SerializeAsString(), name)) << name;
  }
}

TEST_F(WorkforceSampleTest, EligibilityIsExplained) {
  const std::string month = to_.substr(0, 7);
  // A member of the IT centre: the provincial rule does not cover the post.
  const auto centre = StaffWhere(
      [](const auto& s) { return s.at("position") == "it_center_staff"; });
  CommandResult c = Dtctl({"workforce", "eligibility", "--staff",
                           centre.at("staff_id"), "--month", month});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_TRUE(absl::StrContains(c.out, ": not eligible")) << c.out;
  EXPECT_TRUE(absl::StrContains(c.out, "HT-NQ93-2014")) << c.out;
  EXPECT_TRUE(absl::StrContains(c.out, "[FAILED] position is ")) << c.out;

  // A commune officer on a long leave through the month.
  std::string away;
  for (const auto& a : ReadCsv(dir_ + "/absences.csv")) {
    if (a.at("start_date") <= month + "-01" &&
        a.at("end_date") >= month + "-31") {
      away = a.at("staff_id");
    }
  }
  ASSERT_FALSE(away.empty());
  CommandResult a =
      Dtctl({"workforce", "eligibility", "--staff", away, "--month", month});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_TRUE(absl::StrContains(a.out, ": not eligible")) << a.out;
  EXPECT_TRUE(
      absl::StrContains(a.out, "[FAILED] no continuous absence of 30 days"))
      << a.out;

  // An eligible commune officer, as JSON: in an IT field, never absent.
  std::set<std::string> ever_absent;
  for (const auto& ab : ReadCsv(dir_ + "/absences.csv")) {
    ever_absent.insert(ab.at("staff_id"));
  }
  const auto officer = StaffWhere([&](const auto& s) {
    return s.at("position") == "commune_it_officer" && s.at("field") == "it" &&
           s.at("start_date") < month && !ever_absent.count(s.at("staff_id"));
  });
  CommandResult e = Dtctl({"workforce", "eligibility", "--staff",
                           officer.at("staff_id"), "--month", month, "--json"});
  ASSERT_EQ(e.exit_code, 0) << e.err;
  const json verdict = json::parse(e.out);
  EXPECT_EQ(verdict["month"], month);
  ASSERT_EQ(verdict["rules"].size(), 1u);
  EXPECT_EQ(verdict["rules"][0]["rule_id"], "HT-NQ93-2014");
  EXPECT_TRUE(verdict["eligible"].get<bool>()) << e.out;
  EXPECT_TRUE(verdict["rules"][0]["eligible"].get<bool>()) << e.out;
  for (const json& condition : verdict["rules"][0]["conditions"]) {
    EXPECT_TRUE(condition.contains("requirement"));
    EXPECT_TRUE(condition.contains("finding"));
  }

  // Bad requests name their field.
  grpc::ClientContext context;
  wv1::GetEligibilityRequest bad;
  bad.set_staff_id(officer.at("staff_id"));
  bad.set_month("2023-13");
  wv1::Eligibility out;
  grpc::Status status = stub_->GetEligibility(&context, bad, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(status.error_message(), "month:"));
  grpc::ClientContext unknown_context;
  bad.set_month(month);
  bad.set_staff_id("NS-999999");
  EXPECT_EQ(stub_->GetEligibility(&unknown_context, bad, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(WorkforceSampleTest, NationalIdsLeaveTheServiceOnlyMasked) {
  std::string serialized;
  const std::vector<wv1::Staff> staff =
      ListAllStaff(stub_.get(), to_, &serialized);
  seen_ += serialized;
  ASSERT_GT(staff.size(), 300u);
  std::map<std::string, std::string> id_of;
  for (const auto& row : ReadCsv(dir_ + "/staff.csv")) {
    id_of[row.at("staff_id")] = row.at("national_id");
  }
  bool names_listed = false;
  for (const wv1::Staff& s : staff) {
    EXPECT_TRUE(s.national_id_masked()) << s.staff_id();
    EXPECT_EQ(s.national_id(), Masked(id_of.at(s.staff_id())));
    names_listed |= !s.full_name().empty();
  }
  // Staff records carry names; that is where they belong.
  EXPECT_TRUE(names_listed);

  // GetStaff masks; revealing is refused without a policy naming the
  // caller pii-reader (plain text: no caller is identified).
  const std::string some = staff.front().staff_id();
  {
    grpc::ClientContext context;
    wv1::GetStaffRequest request;
    request.set_staff_id(some);
    wv1::Staff one;
    ASSERT_TRUE(stub_->GetStaff(&context, request, &one).ok());
    seen_ += one.SerializeAsString();
    EXPECT_EQ(one.national_id(), Masked(id_of.at(some)));
    grpc::ClientContext reveal_context;
    request.set_reveal_national_id(true);
    wv1::Staff revealed;
    grpc::Status status = stub_->GetStaff(&reveal_context, request, &revealed);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    seen_ += status.error_message() + revealed.SerializeAsString();
    EXPECT_TRUE(revealed.national_id().empty());
  }
  // Writes answer masked too.
  {
    grpc::ClientContext context;
    wv1::UpdateStaffRequest update;
    update.set_staff_id(some);
    update.set_national_id(national_ids_.back());
    wv1::Staff updated;
    ASSERT_TRUE(stub_->UpdateStaff(&context, update, &updated).ok());
    seen_ += updated.SerializeAsString();
    EXPECT_EQ(updated.national_id(), Masked(national_ids_.back()));
  }
  // Refused rows are named without their number, valid or not.
  {
    std::ofstream(dir_ + "/bad-staff.csv")
        << "staff_id,full_name,national_id,unit_code,position,role,"
           "qualification,field,start_date,end_date\n"
        << "NS-X1,Test Person," << national_ids_[0]
        << ",NOWHERE,it_officer,dedicated,bachelor,it,2020-01-01,\n"
        << "NS-X2,Test Person," << national_ids_[1].substr(0, 11)
        << ",HT,it_officer,dedicated,bachelor,it,2020-01-01,\n"
        << "NS-X3,Test Person," << national_ids_[2] << "7"
        << ",HT,it_officer,dedicated,bachelor,it,2020-01-01,\n";
    CommandResult refused =
        Dtctl({"workforce", "staff", "import", dir_ + "/bad-staff.csv"});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_TRUE(absl::StrContains(refused.err, "bad-staff.csv:2: unit_code"))
        << refused.err;
    EXPECT_TRUE(absl::StrContains(refused.err, "bad-staff.csv:3: national_id"))
        << refused.err;
    EXPECT_TRUE(absl::StrContains(refused.err, "bad-staff.csv:4: national_id"))
        << refused.err;
    EXPECT_FALSE(absl::StrContains(refused.err, national_ids_[1].substr(0, 11)))
        << refused.err;
  }
  // Summaries and dtctl's views.
  seen_ += Summary(stub_.get(), unit_, from_, to_).SerializeAsString();
  EXPECT_EQ(Dtctl({"workforce", "summary", "--unit", unit_, "--from", from_,
                   "--to", to_, "--json"})
                .exit_code,
            0);
  EXPECT_EQ(Dtctl({"workforce", "eligibility", "--staff", some, "--month",
                   to_.substr(0, 7)})
                .exit_code,
            0);
  // TearDown looks for every sample number in all of it, and in the log.
}

// The staff behind the eligible rate, in total and per level, page by
// page: as many as it counts, of the part asked for, national ids masked;
// revealing them without the role is refused; dtctl writes them with the
// staff import's header.
TEST_F(WorkforceSampleTest, TheStaffBehindTheEligibleRateAreAsManyAsItCounts) {
  const wv1::GetWorkforceSummaryResponse r =
      Summary(stub_.get(), unit_, from_, to_);
  std::vector<std::pair<std::string, const wv1::WorkforceBlock*>> blocks = {
      {"", &r.total()}};
  for (const auto& l : r.levels())
    blocks.emplace_back(l.level(), &l.workforce());
  int nonzero = 0;
  for (const auto& [level, block] : blocks) {
    for (const auto part :
         {common::v1::FIGURE_PART_NUMERATOR,
          common::v1::FIGURE_PART_DENOMINATOR, common::v1::FIGURE_PART_REST}) {
      wv1::ListStaffBehindRequest request;
      request.set_unit_code(unit_);
      request.mutable_range()->set_start_date(from_);
      request.mutable_range()->set_end_date(to_);
      request.set_figure("eligible");
      request.set_part(part);
      request.set_level(level);
      request.set_page_size(50);
      std::set<std::string> ids;
      int64_t listed = 0;
      do {
        grpc::ClientContext context;
        wv1::ListStaffBehindResponse page;
        ASSERT_TRUE(stub_->ListStaffBehind(&context, request, &page).ok());
        seen_ += page.SerializeAsString();
        for (const wv1::Staff& s : page.staff()) {
          EXPECT_TRUE(s.national_id_masked()) << s.staff_id();
          EXPECT_EQ(s.role(), wv1::ROLE_DEDICATED) << s.staff_id();
          ids.insert(s.staff_id());
        }
        listed += page.staff_size();
        request.set_page_token(page.next_page_token());
      } while (!request.page_token().empty());
      const common::v1::Ratio& eligible = block->eligible();
      const int64_t expected =
          part == common::v1::FIGURE_PART_NUMERATOR ? eligible.numerator()
          : part == common::v1::FIGURE_PART_DENOMINATOR
              ? eligible.denominator()
              : eligible.denominator() - eligible.numerator();
      EXPECT_EQ(listed, expected) << level << " " << part;
      EXPECT_EQ(ids.size(), static_cast<size_t>(listed)) << "none twice";
      nonzero += listed > 0;
    }
  }
  EXPECT_GE(nonzero, 6);

  // Each one listed as eligible is so by GetEligibility.
  {
    wv1::ListStaffBehindRequest request;
    request.set_unit_code(unit_);
    request.mutable_range()->set_start_date(from_);
    request.mutable_range()->set_end_date(to_);
    request.set_figure("eligible");
    request.set_part(common::v1::FIGURE_PART_REST);
    request.set_page_size(3);
    grpc::ClientContext context;
    wv1::ListStaffBehindResponse page;
    ASSERT_TRUE(stub_->ListStaffBehind(&context, request, &page).ok());
    ASSERT_GT(page.staff_size(), 0);
    for (const wv1::Staff& s : page.staff()) {
      grpc::ClientContext ask;
      wv1::GetEligibilityRequest why;
      why.set_staff_id(s.staff_id());
      why.set_month(to_.substr(0, 7));
      wv1::Eligibility answer;
      ASSERT_TRUE(stub_->GetEligibility(&ask, why, &answer).ok());
      EXPECT_FALSE(answer.eligible()) << s.staff_id();
    }
    // Unmasked ids need the role pii-reader, which no plaintext caller has.
    request.set_reveal_national_id(true);
    grpc::ClientContext reveal;
    const grpc::Status refused =
        stub_->ListStaffBehind(&reveal, request, &page);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }

  const std::string csv = dir_ + "/not-eligible.csv";
  CommandResult listed =
      Dtctl({"workforce", "staff", "list", "--unit", unit_, "--from", from_,
             "--to", to_, "--part", "rest", "--csv", csv});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  std::ifstream exported(csv), imported(dir_ + "/staff.csv");
  std::string header, import_header, line;
  std::getline(exported, header);
  std::getline(imported, import_header);
  EXPECT_EQ(header, import_header);
  int64_t rows = 0;
  while (std::getline(exported, line)) {
    seen_ += line;
    ++rows;
  }
  EXPECT_EQ(rows, r.total().eligible().denominator() -
                      r.total().eligible().numerator());
}

TEST_F(WorkforceSampleTest, AWriteReplacesACachedSummary) {
  const int64_t before =
      Summary(stub_.get(), unit_, from_, to_).total().dedicated();
  EXPECT_EQ(Summary(stub_.get(), unit_, from_, to_).total().dedicated(),
            before);
  const auto officer = StaffWhere([&](const auto& s) {
    return s.at("role") == "dedicated" && s.at("end_date").empty() &&
           s.at("start_date") < from_;
  });
  grpc::ClientContext context;
  wv1::EndServiceRequest end;
  end.set_staff_id(officer.at("staff_id"));
  end.set_end_date(from_);
  wv1::Staff ended;
  ASSERT_TRUE(stub_->EndService(&context, end, &ended).ok());
  EXPECT_EQ(Summary(stub_.get(), unit_, from_, to_).total().dedicated(),
            before - 1);
  const std::string metrics = HttpGet(server_->metrics_port(), "/metrics");
  EXPECT_TRUE(
      absl::StrContains(metrics, "dtr_cache_requests_total{result=\"hit\"} 1"))
      << metrics.substr(0, 3000);
}

// A service with a small tree and no records.
class WorkforceServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    std::ofstream(dir_ + "/units.csv")
        << "code,name,level,parent_code,valid_from,valid_to\n"
           "P,Province,province,,,\n"
           "A,Agency,province,P,,\n"
           "D,District,district,P,,\n"
           "C,Commune,commune,D,,\n";
    server_ = std::make_unique<WorkforceServer>(dir_ + "/units.csv",
                                                redis_.address());
    stub_ = StubFor(server_->address());
  }

  void TearDown() override {
    const std::string log = server_->process().StderrText();
    for (const std::string& id : ids_used_) {
      EXPECT_FALSE(absl::StrContains(log, id)) << "the log shows " << id;
    }
  }

  wv1::Staff Person(const std::string& id, const std::string& unit,
                    const std::string& position = "it_officer") {
    wv1::Staff s;
    s.set_staff_id(id);
    s.set_full_name("Người Thử " + id);
    // 000: the province code reserved for synthetic records.
    s.set_national_id(absl::StrCat("000", 190, 100000 + ids_used_.size()));
    ids_used_.push_back(s.national_id());
    s.set_unit_code(unit);
    s.set_position(position);
    s.set_role(wv1::ROLE_DEDICATED);
    s.set_qualification(wv1::QUALIFICATION_BACHELOR);
    s.set_field(wv1::FIELD_IT);
    s.set_start_date("2020-02-01");
    return s;
  }

  grpc::Status Create(const wv1::Staff& s, wv1::Staff* out = nullptr) {
    grpc::ClientContext context;
    wv1::CreateStaffRequest request;
    *request.mutable_staff() = s;
    wv1::Staff ignored;
    return stub_->CreateStaff(&context, request, out ? out : &ignored);
  }

  std::vector<wv1::Staff> List(const std::string& on_date,
                               const std::string& unit = "") {
    grpc::ClientContext context;
    wv1::ListStaffRequest request;
    request.set_on_date(on_date);
    request.set_unit_code(unit);
    wv1::ListStaffResponse response;
    grpc::Status status = stub_->ListStaff(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.staff().begin(), response.staff().end()};
  }

  std::string dir_;
  RedisServer redis_;
  std::unique_ptr<WorkforceServer> server_;
  std::unique_ptr<wv1::WorkforceService::Stub> stub_;
  std::vector<std::string> ids_used_;
};

TEST_F(WorkforceServiceTest, ABadBatchWritesNothing) {
  wv1::BatchUpsertStaffRequest batch;
  *batch.add_staff() = Person("S1", "A");
  *batch.add_staff() = Person("S2", "Z");  // no such unit
  wv1::Staff* bad_id = batch.add_staff();
  *bad_id = Person("S3", "C", "commune_it_officer");
  bad_id->set_national_id("12345678901");           // 11 digits
  *batch.add_staff() = Person("S4", "C", "chief");  // no such position
  wv1::Staff* backwards = batch.add_staff();
  *backwards = Person("S5", "D");
  backwards->set_end_date("2019-12-31");  // before the start
  grpc::ClientContext context;
  wv1::BatchUpsertStaffResponse response;
  grpc::Status status = stub_->BatchUpsertStaff(&context, batch, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  common::v1::RowErrors errors;
  ASSERT_TRUE(errors.ParseFromString(status.error_details()));
  ASSERT_EQ(errors.errors_size(), 4);
  EXPECT_EQ(errors.errors(0).row(), 2);
  EXPECT_EQ(errors.errors(0).field(), "unit_code");
  EXPECT_EQ(errors.errors(1).row(), 3);
  EXPECT_EQ(errors.errors(1).field(), "national_id");
  EXPECT_FALSE(absl::StrContains(errors.errors(1).reason(), "12345678901"));
  EXPECT_FALSE(absl::StrContains(status.error_message(), "12345678901"));
  EXPECT_EQ(errors.errors(2).field(), "position");
  EXPECT_EQ(errors.errors(3).field(), "end_date");
  // Not even the valid row was written.
  EXPECT_TRUE(List("2023-01-01").empty());

  // A stream whose second message holds a bad row writes nothing either.
  {
    grpc::ClientContext stream_context;
    stream_context.set_deadline(Deadline());
    wv1::ImportStaffResponse imported;
    auto writer = stub_->ImportStaff(&stream_context, &imported);
    wv1::ImportStaffRequest good, bad;
    for (int i = 0; i < 30; ++i) {
      *good.add_staff() =
          Person(absl::StrCat("G", i), "C", "commune_it_officer");
    }
    *bad.add_staff() = Person("B1", "C", "commune_it_officer");
    bad.mutable_staff(0)->set_qualification(wv1::QUALIFICATION_UNSPECIFIED);
    ASSERT_TRUE(writer->Write(good));
    ASSERT_TRUE(writer->Write(bad));
    writer->WritesDone();
    grpc::Status refused = writer->Finish();
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_TRUE(
        absl::StrContains(refused.error_message(), "row 31: qualification"))
        << refused.error_message();
    EXPECT_TRUE(List("2023-01-01").empty());
  }

  // Attendance of a course that does not exist: the whole batch refused.
  ASSERT_TRUE(Create(Person("S1", "A")).ok());
  {
    wv1::BatchUpsertCoursesRequest courses;
    wv1::Course* c = courses.add_courses();
    c->set_course_id("K1");
    c->set_title("Kỹ năng số");
    c->set_organizer_unit("D");
    c->set_start_date("2023-03-01");
    c->set_end_date("2023-03-02");
    c->set_topic("digital_skills");
    c->set_other_trainees(40);
    grpc::ClientContext course_context;
    wv1::BatchUpsertCoursesResponse course_response;
    ASSERT_TRUE(
        stub_->BatchUpsertCourses(&course_context, courses, &course_response)
            .ok());
    wv1::BatchUpsertAttendanceRequest attendance;
    wv1::Attendance* a = attendance.add_attendance();
    a->set_course_id("K1");
    a->set_staff_id("S1");
    a = attendance.add_attendance();
    a->set_course_id("K9");
    a->set_staff_id("S1");
    grpc::ClientContext attendance_context;
    wv1::BatchUpsertAttendanceResponse attendance_response;
    grpc::Status refused = stub_->BatchUpsertAttendance(
        &attendance_context, attendance, &attendance_response);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_TRUE(absl::StrContains(refused.error_message(), "course_id"))
        << refused.error_message();
    const wv1::GetWorkforceSummaryResponse summary =
        Summary(stub_.get(), "P", "2023-01-01", "2023-12-31");
    EXPECT_EQ(summary.total().training().courses(), 1);
    EXPECT_EQ(summary.total().training().registered_trainees(), 0);
    EXPECT_EQ(summary.total().training().trainees(), 40);

    // With skip_invalid, the valid row lands.
    attendance.mutable_options()->set_skip_invalid(true);
    grpc::ClientContext skip_context;
    ASSERT_TRUE(stub_
                    ->BatchUpsertAttendance(&skip_context, attendance,
                                            &attendance_response)
                    .ok());
    EXPECT_EQ(attendance_response.summary().created(), 1);
    EXPECT_EQ(attendance_response.summary().rejected(), 1);
    EXPECT_EQ(Summary(stub_.get(), "P", "2023-01-01", "2023-12-31")
                  .total()
                  .training()
                  .trainees(),
              41);
  }
}

TEST_F(WorkforceServiceTest, StaffLifeCycle) {
  wv1::Staff created;
  ASSERT_TRUE(Create(Person("S1", "C", "commune_it_officer"), &created).ok());
  EXPECT_TRUE(created.national_id_masked());
  EXPECT_EQ(created.national_id(), Masked(ids_used_.back()));
  EXPECT_EQ(Create(Person("S1", "A")).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  ASSERT_TRUE(Create(Person("S2", "A")).ok());
  wv1::Staff concurrent = Person("S3", "D", "concurrent_it");
  concurrent.set_role(wv1::ROLE_CONCURRENT);
  concurrent.set_field(wv1::FIELD_OTHER);
  ASSERT_TRUE(Create(concurrent).ok());

  EXPECT_EQ(List("2023-06-30").size(), 3u);
  EXPECT_EQ(List("2023-06-30", "D").size(), 2u);  // the district and commune
  EXPECT_TRUE(List("2020-01-31").empty());        // before anyone started

  // Move S2 to another post; absent fields stay.
  {
    grpc::ClientContext context;
    wv1::UpdateStaffRequest update;
    update.set_staff_id("S2");
    update.set_position("security_officer");
    wv1::Staff updated;
    ASSERT_TRUE(stub_->UpdateStaff(&context, update, &updated).ok());
    EXPECT_EQ(updated.position(), "security_officer");
    EXPECT_EQ(updated.unit_code(), "A");
    EXPECT_EQ(updated.full_name(), "Người Thử S2");
  }
  // A long absence costs S1 the months it touches, and says so.
  {
    grpc::ClientContext context;
    wv1::RecordAbsenceRequest request;
    wv1::Absence* a = request.mutable_absence();
    a->set_absence_id("AB-1");
    a->set_staff_id("S1");
    a->set_kind(wv1::ABSENCE_KIND_STUDY_LEAVE);
    a->set_start_date("2023-09-10");
    a->set_end_date("2023-11-20");
    wv1::Absence recorded;
    ASSERT_TRUE(stub_->RecordAbsence(&context, request, &recorded).ok());
  }
  auto eligibility = [&](const std::string& id, const std::string& month) {
    grpc::ClientContext context;
    wv1::GetEligibilityRequest request;
    request.set_staff_id(id);
    request.set_month(month);
    wv1::Eligibility e;
    EXPECT_TRUE(stub_->GetEligibility(&context, request, &e).ok());
    return e;
  };
  EXPECT_TRUE(eligibility("S1", "2023-08").eligible());
  const wv1::Eligibility october = eligibility("S1", "2023-10");
  EXPECT_FALSE(october.eligible());
  bool absence_named = false;
  for (const wv1::Condition& c : october.rules(0).conditions()) {
    absence_named |= !c.met() && absl::StrContains(c.finding(), "study_leave");
  }
  EXPECT_TRUE(absence_named);
  EXPECT_TRUE(eligibility("S1", "2023-12").eligible());
  EXPECT_FALSE(eligibility("S3", "2023-10").eligible());

  // The summary of October: dedicated S1 and S2, one of them eligible.
  const wv1::GetWorkforceSummaryResponse summary =
      Summary(stub_.get(), "P", "2023-10-01", "2023-10-31");
  EXPECT_EQ(summary.total().staff(), 3);
  EXPECT_EQ(summary.total().dedicated(), 2);
  EXPECT_EQ(summary.total().concurrent(), 1);
  EXPECT_EQ(summary.total().eligible().numerator(), 1);
  EXPECT_EQ(summary.total().eligible().denominator(), 2);
  EXPECT_EQ(summary.total().qualification().at("bachelor").it(), 2);

  // The end of service: gone from later lists and summaries.
  {
    grpc::ClientContext context;
    wv1::EndServiceRequest end;
    end.set_staff_id("S2");
    end.set_end_date("2019-01-01");  // before the start
    wv1::Staff out;
    grpc::Status refused = stub_->EndService(&context, end, &out);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_TRUE(absl::StartsWith(refused.error_message(), "end_date"))
        << refused.error_message();
    grpc::ClientContext again;
    end.set_end_date("2023-11-15");
    ASSERT_TRUE(stub_->EndService(&again, end, &out).ok());
  }
  EXPECT_EQ(List("2023-11-15").size(), 3u);
  EXPECT_EQ(List("2023-11-16").size(), 2u);
  EXPECT_EQ(
      Summary(stub_.get(), "P", "2023-11-01", "2023-11-30").total().dedicated(),
      1);

  // Positions come from the rules file, in its order.
  grpc::ClientContext context;
  wv1::ListPositionsResponse positions;
  ASSERT_TRUE(
      stub_->ListPositions(&context, wv1::ListPositionsRequest(), &positions)
          .ok());
  ASSERT_GE(positions.positions_size(), 6);
  EXPECT_EQ(positions.positions(0).code(), "it_officer");
}

// A province edits the rules file and sends SIGHUP: answers follow at once,
// cached summaries included; a broken edit keeps the rules in force.
TEST(WorkforceRulesTest, AnEditedRulesFileTakesEffectOnSighup) {
  const std::string dir = MakeTempDir();
  std::ofstream(dir + "/units.csv")
      << "code,name,level,parent_code,valid_from,valid_to\n"
         "P,Province,province,,,\n";
  std::string rules;
  {
    std::ifstream in(DTR_SOURCE_DIR
                     "/services/workforce/data/allowance_rules.json");
    std::stringstream text;
    text << in.rdbuf();
    rules = text.str();
  }
  const std::string rules_path = dir + "/rules.json";
  std::ofstream(rules_path) << rules;
  RedisServer redis;
  WorkforceServer server(dir + "/units.csv", redis.address(), "",
                         {"--rules=" + rules_path});
  auto stub = StubFor(server.address());
  wv1::CreateStaffRequest create;
  wv1::Staff* s = create.mutable_staff();
  s->set_staff_id("S1");
  s->set_full_name("Người Thử");
  s->set_national_id("000190123456");
  s->set_unit_code("P");
  s->set_position("it_officer");
  s->set_role(wv1::ROLE_DEDICATED);
  s->set_qualification(wv1::QUALIFICATION_BACHELOR);
  s->set_field(wv1::FIELD_OTHER);  // an economist
  s->set_start_date("2020-01-01");
  {
    grpc::ClientContext context;
    wv1::Staff out;
    ASSERT_TRUE(stub->CreateStaff(&context, create, &out).ok());
  }
  auto eligible = [&] {
    grpc::ClientContext context;
    wv1::GetEligibilityRequest request;
    request.set_staff_id("S1");
    request.set_month("2023-10");
    wv1::Eligibility e;
    EXPECT_TRUE(stub->GetEligibility(&context, request, &e).ok());
    return e.eligible();
  };
  auto eligible_in_summary = [&] {
    return Summary(stub.get(), "P", "2023-10-01", "2023-10-31")
        .total()
        .eligible()
        .numerator();
  };
  EXPECT_FALSE(eligible());
  EXPECT_EQ(eligible_in_summary(), 0);

  // The province drops the field condition of its rule.
  const std::string condition = "\"fields\": [\"it\"],";
  const size_t at = rules.find(condition);
  ASSERT_NE(at, std::string::npos);
  std::string edited = rules;
  edited.erase(at, condition.size());
  std::ofstream(rules_path, std::ios::trunc) << edited;
  server.process().Signal(SIGHUP);
  ASSERT_FALSE(
      server.process().WaitForLine("allowance rules reloaded").empty());
  EXPECT_TRUE(eligible());
  EXPECT_EQ(eligible_in_summary(), 1);

  // A broken file is refused; the rules in force stay.
  std::ofstream(rules_path, std::ios::trunc) << "{\"positions\": ";
  server.process().Signal(SIGHUP);
  ASSERT_FALSE(
      server.process().WaitForLine("allowance rules not reloaded").empty());
  EXPECT_TRUE(eligible());
}

TEST_F(WorkforceServiceTest, BadQueriesNameTheirField) {
  grpc::ClientContext context;
  wv1::GetWorkforceSummaryRequest request;
  request.set_unit_code("P");
  request.mutable_range()->set_start_date("2023-10-31");
  request.mutable_range()->set_end_date("2023-10-01");
  wv1::GetWorkforceSummaryResponse response;
  grpc::Status status =
      stub_->GetWorkforceSummary(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "end_date"))
      << status.error_message();
  grpc::ClientContext nowhere_context;
  request.set_unit_code("ZZ");
  request.mutable_range()->set_end_date("2023-10-31");
  EXPECT_EQ(stub_->GetWorkforceSummary(&nowhere_context, request, &response)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  grpc::ClientContext list_context;
  wv1::ListStaffRequest list;
  list.set_on_date("31/10/2023");
  wv1::ListStaffResponse listed;
  status = stub_->ListStaff(&list_context, list, &listed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(status.error_message(), "on_date"))
      << status.error_message();
}

}  // namespace
}  // namespace dtr::testing
