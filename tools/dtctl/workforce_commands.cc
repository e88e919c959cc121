#include "tools/dtctl/workforce_commands.h"

#include <cstdio>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/client_context.h"
#include "nlohmann/json.hpp"
#include "services/workforce/record_csv.h"
#include "services/workforce/workforce_names.h"
#include "services/workforce/workforce_summary_json.h"
#include "tools/dtctl/call_deadline.h"
#include "tools/dtctl/call_problem.h"
#include "tools/dtctl/level_table.h"
#include "tools/dtctl/progress_bar.h"
#include "tools/dtctl/ratio_output.h"

namespace dtr::dtctl {
namespace {

namespace wv1 = workforce::v1;
using nlohmann::ordered_json;

// The import calls of each kind of workforce record.
template <typename RowT, typename RequestT, typename ResponseT>
struct WorkforceKind {
  using Stub = WorkforceStub;
  using Row = RowT;
  using Request = RequestT;
  using Response = ResponseT;
  // The registry keeps no history of imports.
  static void SetContext(const ImportFlags&, Request*) {}
};

struct StaffKind : WorkforceKind<wv1::Staff, wv1::ImportStaffRequest,
                                 wv1::ImportStaffResponse> {
  static constexpr const char* kNoun = "staff";
  static const std::vector<std::string>& Header() {
    return workforce::StaffCsvHeader();
  }
  static bool FromCsv(const std::vector<std::string>& f, Row* row,
                      CsvFieldError* e) {
    return workforce::StaffFromCsv(f, row, e);
  }
  static Row* Add(Request* r) { return r->add_staff(); }
  static void RemoveLast(Request* r) { r->mutable_staff()->RemoveLast(); }
  static int Size(const Request& r) { return r.staff_size(); }
  static std::unique_ptr<grpc::ClientWriterInterface<Request>> Open(
      Stub* stub, grpc::ClientContext* ctx, Response* response) {
    return stub->ImportStaff(ctx, response);
  }
};

struct CourseKind : WorkforceKind<wv1::Course, wv1::ImportCoursesRequest,
                                  wv1::ImportCoursesResponse> {
  static constexpr const char* kNoun = "courses";
  static const std::vector<std::string>& Header() {
    return workforce::CourseCsvHeader();
  }
  static bool FromCsv(const std::vector<std::string>& f, Row* row,
                      CsvFieldError* e) {
    return workforce::CourseFromCsv(f, row, e);
  }
  static Row* Add(Request* r) { return r->add_courses(); }
  static void RemoveLast(Request* r) { r->mutable_courses()->RemoveLast(); }
  static int Size(const Request& r) { return r.courses_size(); }
  static std::unique_ptr<grpc::ClientWriterInterface<Request>> Open(
      Stub* stub, grpc::ClientContext* ctx, Response* response) {
    return stub->ImportCourses(ctx, response);
  }
};

struct AttendanceKind
    : WorkforceKind<wv1::Attendance, wv1::ImportAttendanceRequest,
                    wv1::ImportAttendanceResponse> {
  static constexpr const char* kNoun = "attendances";
  static const std::vector<std::string>& Header() {
    return workforce::AttendanceCsvHeader();
  }
  static bool FromCsv(const std::vector<std::string>& f, Row* row,
                      CsvFieldError* e) {
    return workforce::AttendanceFromCsv(f, row, e);
  }
  static Row* Add(Request* r) { return r->add_attendance(); }
  static void RemoveLast(Request* r) { r->mutable_attendance()->RemoveLast(); }
  static int Size(const Request& r) { return r.attendance_size(); }
  static std::unique_ptr<grpc::ClientWriterInterface<Request>> Open(
      Stub* stub, grpc::ClientContext* ctx, Response* response) {
    return stub->ImportAttendance(ctx, response);
  }
};

struct AbsenceKind : WorkforceKind<wv1::Absence, wv1::ImportAbsencesRequest,
                                   wv1::ImportAbsencesResponse> {
  static constexpr const char* kNoun = "absences";
  static const std::vector<std::string>& Header() {
    return workforce::AbsenceCsvHeader();
  }
  static bool FromCsv(const std::vector<std::string>& f, Row* row,
                      CsvFieldError* e) {
    return workforce::AbsenceFromCsv(f, row, e);
  }
  static Row* Add(Request* r) { return r->add_absences(); }
  static void RemoveLast(Request* r) { r->mutable_absences()->RemoveLast(); }
  static int Size(const Request& r) { return r.absences_size(); }
  static std::unique_ptr<grpc::ClientWriterInterface<Request>> Open(
      Stub* stub, grpc::ClientContext* ctx, Response* response) {
    return stub->ImportAbsences(ctx, response);
  }
};

std::string QualificationCell(const wv1::WorkforceBlock& b,
                              wv1::Qualification q) {
  auto it =
      b.qualification().find(std::string(workforce::QualificationName(q)));
  if (it == b.qualification().end()) return "0";
  return absl::StrCat(GroupDigits(it->second.count()), " (",
                      GroupDigits(it->second.it()), " IT)");
}

}  // namespace

int ImportStaff(WorkforceStub* stub, const ImportFlags& flags) {
  return CsvImporter<StaffKind>(stub, flags).Run();
}
int ImportCourses(WorkforceStub* stub, const ImportFlags& flags) {
  return CsvImporter<CourseKind>(stub, flags).Run();
}
int ImportAttendance(WorkforceStub* stub, const ImportFlags& flags) {
  return CsvImporter<AttendanceKind>(stub, flags).Run();
}
int ImportAbsences(WorkforceStub* stub, const ImportFlags& flags) {
  return CsvImporter<AbsenceKind>(stub, flags).Run();
}

std::string WorkforceSummaryJson(const wv1::GetWorkforceSummaryResponse& r) {
  return workforce::WorkforceSummaryJson(r).dump(2);
}

std::string WorkforceSummaryTable(const wv1::GetWorkforceSummaryResponse& r) {
  using Block = wv1::WorkforceBlock;
  TableColumns<Block> columns = {{"all", &r.total()}};
  for (const wv1::LevelWorkforce& level : r.levels()) {
    columns.emplace_back(level.level(), &level.workforce());
  }
  const std::vector<TableLine<Block>> lines = {
      {"staff", [](const Block& b) { return GroupDigits(b.staff()); }},
      {"dedicated", [](const Block& b) { return GroupDigits(b.dedicated()); }},
      {"concurrent",
       [](const Block& b) { return GroupDigits(b.concurrent()); }},
      {"doctorate",
       [](const Block& b) {
         return QualificationCell(b, wv1::QUALIFICATION_DOCTORATE);
       }},
      {"master",
       [](const Block& b) {
         return QualificationCell(b, wv1::QUALIFICATION_MASTER);
       }},
      {"bachelor",
       [](const Block& b) {
         return QualificationCell(b, wv1::QUALIFICATION_BACHELOR);
       }},
      {"college",
       [](const Block& b) {
         return QualificationCell(b, wv1::QUALIFICATION_COLLEGE);
       }},
      {"other qualification",
       [](const Block& b) {
         return QualificationCell(b, wv1::QUALIFICATION_OTHER);
       }},
      {"IT field", [](const Block& b) { return RatioText(b.it_field()); }},
      {"eligible (dedicated)",
       [](const Block& b) { return RatioText(b.eligible()); }},
      {"courses",
       [](const Block& b) { return GroupDigits(b.training().courses()); }},
      {"trainees",
       [](const Block& b) { return GroupDigits(b.training().trainees()); }},
  };
  return LevelTable(
      absl::StrCat(r.unit().name(), " (", r.unit().code(), "), ",
                   r.range().start_date(), " to ", r.range().end_date(),
                   "; allowance in ", r.eligibility_month()),
      columns, lines);
}

std::string EligibilityText(const wv1::Eligibility& e) {
  std::string out = absl::StrCat(e.staff_id(), " in ", e.month(), ": ",
                                 e.eligible() ? "eligible" : "not eligible");
  if (e.rules().empty()) {
    absl::StrAppend(&out, " (no allowance rule in force that month)\n");
    return out;
  }
  out += '\n';
  for (const wv1::RuleVerdict& rule : e.rules()) {
    absl::StrAppend(&out, "  ", rule.rule_id(), " (", rule.legal_basis(),
                    "): ", rule.eligible() ? "grants" : "does not grant", "\n");
    for (const wv1::Condition& c : rule.conditions()) {
      absl::StrAppend(&out, "    [", c.met() ? "met" : "FAILED", "] ",
                      c.requirement(), ": ", c.finding(), "\n");
    }
  }
  return out;
}

int ShowWorkforceSummary(WorkforceStub* stub, const WorkforceViewFlags& flags) {
  wv1::GetWorkforceSummaryRequest request;
  request.set_unit_code(flags.unit);
  request.mutable_range()->set_start_date(flags.from);
  request.mutable_range()->set_end_date(flags.to);
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  wv1::GetWorkforceSummaryResponse response;
  grpc::Status status = stub->GetWorkforceSummary(&context, request, &response);
  if (!status.ok()) return CallFailed("workforce summary", status);
  const std::string text = flags.json ? WorkforceSummaryJson(response) + "\n"
                                      : WorkforceSummaryTable(response);
  std::fputs(text.c_str(), stdout);
  return 0;
}

int ShowEligibility(WorkforceStub* stub, const WorkforceViewFlags& flags) {
  wv1::GetEligibilityRequest request;
  request.set_staff_id(flags.staff);
  request.set_month(flags.month);
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  wv1::Eligibility response;
  grpc::Status status = stub->GetEligibility(&context, request, &response);
  if (!status.ok()) return CallFailed("workforce eligibility", status);
  if (flags.json) {
    ordered_json out;
    out["staff_id"] = response.staff_id();
    out["month"] = response.month();
    out["eligible"] = response.eligible();
    out["rules"] = ordered_json::array();
    for (const wv1::RuleVerdict& rule : response.rules()) {
      ordered_json conditions = ordered_json::array();
      for (const wv1::Condition& c : rule.conditions()) {
        conditions.push_back({{"requirement", c.requirement()},
                              {"met", c.met()},
                              {"finding", c.finding()}});
      }
      out["rules"].push_back({{"rule_id", rule.rule_id()},
                              {"title", rule.title()},
                              {"legal_basis", rule.legal_basis()},
                              {"eligible", rule.eligible()},
                              {"conditions", conditions}});
    }
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    std::fputs(EligibilityText(response).c_str(), stdout);
  }
  return 0;
}

}  // namespace dtr::dtctl
