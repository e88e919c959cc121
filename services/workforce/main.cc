// workforce-service: the registry of IT and digital-transformation staff,
// their qualifications, allowance eligibility and training.
#include "common/period_locks.h"
#include "common/service_main.h"
#include "services/workforce/allowance_rules.h"
#include "services/workforce/headline_gauges.h"
#include "services/workforce/record_csv.h"
#include "services/workforce/workforce_service.h"
#include "services/workforce/workforce_store.h"

namespace {

const dtr::ServiceSpec kSpec{
    "workforce",
    "the registry of IT and digital-transformation staff, their\n"
    "qualifications, allowance eligibility and training. National id\n"
    "numbers are stored, masked in responses and never logged.\n",
    dtr::kWorkforcePorts,
    "sqlite:workforce.db",
    &dtr::workforce::WorkforceStore::Migrations(),
    {"staff", "course", "attendance", "absence"},
    {"summary"}};

}  // namespace

int main(int argc, char** argv) {
  namespace wf = dtr::workforce;
  dtr::ServiceMain main(kSpec);
  auto* rules =
      main.File("rules", "allowance_rules.json", "allowance rules",
                "positions and allowance rules, JSON (reloaded on SIGHUP)",
                &wf::AllowanceRules::LoadFile);
  dtr::PeriodLockFlags lock_flags;
  dtr::AddPeriodLockFlags(&main.flags(), &lock_flags);
  return main.Run(argc, argv, [&](dtr::ServiceBuild& b) -> absl::Status {
    auto locks =
        dtr::OpenPeriodLockSource(lock_flags, b.host_config(), b.env().units);
    if (!locks.ok()) return locks.status();
    const wf::RulesHolder* loaded = rules->holder();
    auto* store = b.Make<wf::WorkforceStore>(b.db(), b.Keep(std::move(*locks)));
    auto* gauges =
        b.Make<wf::HeadlineGauges>(b.registry(), store, b.env().units, loaded);
    b.Serve(b.Make<wf::WorkforceServiceImpl>(
                wf::WorkforceServiceImpl::Deps{b.env(), store, loaded, gauges}),
            "dtr.workforce.v1.WorkforceService");
    // The REST/JSON imports read the CSV files dtctl imports.
    b.CsvImport(wf::StaffCsvHeader(), &wf::v1::ImportStaffRequest::add_staff,
                &wf::StaffFromCsv);
    b.CsvImport(wf::CourseCsvHeader(),
                &wf::v1::ImportCoursesRequest::add_courses, &wf::CourseFromCsv);
    b.CsvImport(wf::AttendanceCsvHeader(),
                &wf::v1::ImportAttendanceRequest::add_attendance,
                &wf::AttendanceFromCsv);
    b.CsvImport(wf::AbsenceCsvHeader(),
                &wf::v1::ImportAbsencesRequest::add_absences,
                &wf::AbsenceFromCsv);
    return absl::OkStatus();
  });
}
